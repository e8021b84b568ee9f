"""Health check, configuration, demo data, Dutch dates and email delivery."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app import create_app
from app.auth.models import Role, User
from app.extensions import db as _db
from app.i18n import date_nl
from config import ProductionConfig


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {
        "status": "ok", "database": "ok", "mail": {"waiting": 0, "failed": 0, "late": False}}


def test_healthz_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(_db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] != "ok"


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "dev-only-change-me")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE


def test_dates_are_dutch(app):
    with app.test_request_context():
        assert date_nl(datetime(2026, 11, 22, 10, 0, tzinfo=UTC)) == "22 november 2026"
        assert date_nl(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)) == "2 maart 2026"  # Amsterdam is ahead of UTC


def test_demo_seed_creates_both_organisations_in_every_state(app, db):
    from app.courses.services import sync_courses
    from app.demo import seed

    sync_courses(app.config["COURSES_DIR"])
    seed()
    db.session.commit()
    users = db.session.scalars(select(User)).all()
    organisations = {u.organisation.name for u in users}
    assert organisations == {"Gemeente Voorbeeld", "Gemeente Anderstad", "Gemeente Nieuwdorp"}
    for name in ("Gemeente Voorbeeld", "Gemeente Anderstad"):
        roles = {u.role for u in users if u.organisation.name == name}
        assert {Role.GRIFFIER, Role.MEMBER} <= roles
    # A new griffier without members yet, and a name corrected after the certificate was issued.
    assert {u.role for u in users if u.organisation.name == "Gemeente Nieuwdorp"} == {Role.GRIFFIER}
    assert {u.role for u in users} == set(Role)
    from app.learn.models import Enrollment

    by_email = {u.email: u for u in users}
    completed = {e.user_id: e.completed_at for e in db.session.scalars(select(Enrollment))}
    assert completed[by_email["wethouder@voorbeeld.example"].id] is not None  # done, quizzes passed on the way
    assert completed[by_email["raadslid@voorbeeld.example"].id] is None  # halfway
    assert by_email["nieuw@voorbeeld.example"].id not in completed  # not started
    from app.certificates.models import Certificate
    from app.db_types import utcnow

    states = {c.user.email: c.status(utcnow()) for c in db.session.scalars(select(Certificate))}
    assert states["wethouder@voorbeeld.example"] == "valid"
    assert states["raadslid@anderstad.example"] == "expired"
    assert states["raadslid3@voorbeeld.example"] == "revoked"
    corrected = db.session.scalar(select(Certificate).where(Certificate.user_id == by_email["wethouder@voorbeeld.example"].id))
    assert corrected.name == "Wim de Boer" and by_email["wethouder@voorbeeld.example"].name == "Willem de Boer"
    runner = app.test_cli_runner()
    assert "overgeslagen" in runner.invoke(args=["demo", "seed"]).output  # never twice


def test_demo_seed_refuses_in_production(app, db):
    from app.demo import DemoRefused, seed

    app.config["IS_PRODUCTION"] = True
    try:
        with pytest.raises(DemoRefused):
            seed()
    finally:
        app.config["IS_PRODUCTION"] = False
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_email_goes_through_smtp_when_configured(app, db, monkeypatch):
    import smtplib

    from app.mail import send_email

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"], message["Subject"]))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.gemeente.example", MAIL_USERNAME="weerbaar")
    try:
        send_email("lid@gemeente.example", "Onderwerp", "Tekst")
        assert sent == []  # nothing before the commit
        db.session.commit()
    finally:
        app.config.update(MAIL_SERVER="", MAIL_USERNAME="")
    assert sent == [("connect", "smtp.gemeente.example", 587), ("starttls",), ("login", "weerbaar"),
                    ("send", "lid@gemeente.example", "Onderwerp")]
