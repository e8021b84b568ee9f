"""Migration 0011 keeps every reminder row, also the duplicates of a double press, before the unique slot."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.test_migrations import MIGRATIONS, empty_database_url  # noqa: F401  (fixture)

NOW = "2026-11-23 09:00:00+00:00"
LATER_SAME_DAY = "2026-11-23 15:00:00+00:00"


def test_existing_reminders_survive_and_duplicates_keep_no_slot(empty_database_url):  # noqa: F811
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0007")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO organisation (id, name, kind, created_at) "
                                    "VALUES (1, 'Gemeente Oud', 'gemeente', :now)"), {"now": NOW})
            connection.execute(text('INSERT INTO "user" (id, organisation_id, email, name, role, session_token, active, '
                                    "created_at) VALUES (1, 1, 'a@oud.example', 'A', 'member', 't', true, :now)"),
                               {"now": NOW})
            connection.execute(text("INSERT INTO course (id, slug, created_at) VALUES (1, 'cursus', :now)"), {"now": NOW})
            rows = [(1, "overdue", True, NOW), (2, "overdue", True, LATER_SAME_DAY),  # the double press
                    (3, "upcoming", False, NOW), (4, "upcoming", True, LATER_SAME_DAY)]
            for id_, kind, sent, at in rows:
                connection.execute(text(
                    "INSERT INTO reminder (id, organisation_id, user_id, course_id, kind, deadline, is_sent, created_at) "
                    "VALUES (:id, 1, 1, 1, :kind, '2026-11-20', :sent, :at)"), {"id": id_, "kind": kind, "sent": sent, "at": at})
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            slots = connection.execute(text("SELECT id, slot FROM reminder ORDER BY id")).all()
        assert [(id_, str(slot) if slot else None) for id_, slot in slots] == [
            (1, "2026-11-23"), (2, None), (3, None), (4, "2026-11-20")]
        downgrade(directory=MIGRATIONS, revision="0007")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM reminder")).scalar() == 4
        downgrade(directory=MIGRATIONS, revision="base")
        db.engine.dispose()
