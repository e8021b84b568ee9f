"""A confirmed plan names a whole council: an erased person leaves it, and old plans are cleared."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.privacy.services import apply_retention, erase
from app.turnover.models import Turnover
from tests.turnover.conftest import confirm, refresh, upload


def test_erasure_removes_the_person_from_every_plan(client, griffier, council):
    confirm(client, upload(client))
    erase(refresh(council["vertrekt"]), datetime(2026, 12, 7, tzinfo=UTC), reason="request")
    db.session.commit()
    plan = db.session.scalar(select(Turnover.plan))
    assert "vertrekt@proef.example" not in str(plan) and "Vera Vertrekt" not in str(plan)
    assert len(plan["stays"]) == 2


def test_retention_clears_finished_plans(app, client, griffier, council):
    confirm(client, upload(client))
    later = datetime(2027, 12, 1, tzinfo=UTC)
    report = apply_retention(later, app.config)
    db.session.commit()
    assert report.other["turnover_plans_cleared"] == 1 and db.session.scalar(select(Turnover.plan)) == {}
