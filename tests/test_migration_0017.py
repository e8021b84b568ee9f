"""Migration 0017 gives existing organisation certificates the term they were issued in."""
from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.test_migrations import MIGRATIONS, empty_database_url  # noqa: F401  (fixture)

NOW = "2026-11-23 09:00:00+00:00"


def test_existing_organisation_certificates_get_their_term(empty_database_url):  # noqa: F811
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0015")
        with db.engine.begin() as connection:
            for id_, kind in ((1, "gemeente"), (2, "provincie")):
                connection.execute(text("INSERT INTO organisation (id, name, kind, created_at, active) "
                                        "VALUES (:id, :name, :kind, :now, true)"),
                                   {"id": id_, "name": f"Org {id_}", "kind": kind, "now": NOW})
            # Organisation 1 keeps a term of its own (a merger); organisation 2 none: the national calendar.
            connection.execute(text("INSERT INTO council_term (organisation_id, election_on, starts_on, ends_on, note) "
                                    "VALUES (1, '2025-11-19', '2026-01-01', '2030-04-02', 'Herindeling')"))
            connection.execute(text("INSERT INTO course (id, slug, created_at) VALUES (1, 'cursus', :now)"),
                               {"now": NOW})
            for id_, organisation_id in ((1, 1), (2, 2)):
                connection.execute(text(
                    "INSERT INTO organisation_certificate (id, code, organisation_id, course_id, organisation_name, "
                    "course_title, course_version, member_count, issued_at, pdf) VALUES (:id, :code, :org, 1, 'Org', "
                    "'Cursus', 1, 3, '2026-06-01 10:00:00+00:00', :pdf)"),
                    {"id": id_, "code": f"CODE-{id_}", "org": organisation_id, "pdf": b""})
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, term_starts_on, term_ends_on FROM organisation_certificate "
                                           "ORDER BY id")).all()
        as_dates = [(i, date.fromisoformat(str(s)), date.fromisoformat(str(e))) for i, s, e in rows]
        assert as_dates == [(1, date(2026, 1, 1), date(2030, 4, 2)), (2, date(2023, 3, 29), date(2027, 3, 30))]
        downgrade(directory=MIGRATIONS, revision="0015")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM organisation_certificate")).scalar() == 2
        downgrade(directory=MIGRATIONS, revision="base")
        db.engine.dispose()
