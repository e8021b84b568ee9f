"""After a bulk import PostgreSQL gets fresh planner statistics at once, not whenever autovacuum
comes round: otherwise the first overview after importing 1,000 members runs for seconds."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.conftest import IS_POSTGRES
from tests.griffie.test_import import GOOD, confirm, upload

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="ANALYZE statistics exist on PostgreSQL only")


def _analysed(table: str):
    return db.session.execute(text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = :t"),
                              {"t": table}).scalar()


def _reset_statistics():
    db.session.execute(text("SELECT pg_stat_reset()"))
    db.session.commit()


def test_member_import_refreshes_the_statistics(client, griffier, outbox):
    _reset_statistics()
    assert _analysed("user") is None
    assert confirm(client, upload(client, GOOD).get_data(as_text=True)).status_code == 302
    db.session.commit()  # a new snapshot of the statistics views
    assert _analysed("user") is not None and _analysed("group_member") is not None


def test_course_sync_refreshes_the_statistics(app, db, course_dir):
    _reset_statistics()
    result = app.test_cli_runner().invoke(args=["courses", "sync", str(course_dir)])
    assert result.exit_code == 0, result.output
    db.session.commit()
    assert _analysed("lesson") is not None
