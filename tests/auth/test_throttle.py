"""Guessing one account from many addresses is stopped, without locking the owner out; staff logins are recorded."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth import tokens
from app.auth.models import Role
from app.extensions import limiter
from tests.auth.helpers import code_step, password_step, totp_code
from tests.conftest import csrf_from
from tests.factories import PASSWORD, UserFactory

ADDRESSES = [f"198.51.100.{n}" for n in range(1, 6)]


@pytest.fixture
def account_limit(app):
    app.config["ACCOUNT_LOGIN_RATE_LIMIT"] = "10 per hour"
    limiter.reset()
    yield
    app.config["ACCOUNT_LOGIN_RATE_LIMIT"] = "1000 per minute"
    limiter.reset()


def _attempt(client, email: str, password: str, address: str):
    token = csrf_from(client.get("/login", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_45_guesses_from_5_addresses_are_refused_after_the_limit(app, client, db, account_limit):
    UserFactory(email="doelwit@gemeente.example")
    db.session.commit()
    statuses = [_attempt(client, "doelwit@gemeente.example", f"gok-{n}", ADDRESSES[n % 5]).status_code
                for n in range(45)]
    assert statuses[:10] == [200] * 10  # wrong password, said plainly
    assert statuses[10:] == [429] * 35  # every further guess refused, whichever address it comes from
    blocked = _attempt(client, "doelwit@gemeente.example", PASSWORD, "203.0.113.9")
    assert blocked.status_code == 429  # the right password alone does not get in now either
    assert "Dit account is tijdelijk beschermd" in blocked.get_data(as_text=True)
    assert "Vraag via “Wachtwoord vergeten?” een link" in blocked.get_data(as_text=True)  # the way back in
    other = UserFactory(email="ander@gemeente.example")
    db.session.commit()
    assert _attempt(client, other.email, PASSWORD, ADDRESSES[0]).headers["Location"] == "/"  # others are not affected


def test_the_owner_gets_back_in_through_a_reset_link(app, client, db, account_limit):
    user = UserFactory(email="doelwit@gemeente.example")
    db.session.commit()
    for n in range(11):
        _attempt(client, user.email, f"gok-{n}", ADDRESSES[n % 5])
    with app.test_request_context():
        link = "/wachtwoord-herstellen/" + tokens.make_token(user, tokens.RESET)
    token = csrf_from(client.get(link).get_data(as_text=True))
    response = client.post(link, data={"password": "mijn-nieuwe-zin-9", "confirm": "mijn-nieuwe-zin-9",
                                       "csrf_token": token})
    assert response.headers["Location"] == "/"  # logged in straight away
    assert client.get("/leren/").status_code == 200
    submit_logout = csrf_from(client.get("/leren/").get_data(as_text=True))
    client.post("/uitloggen", data={"csrf_token": submit_logout})
    assert _attempt(client, user.email, "mijn-nieuwe-zin-9", ADDRESSES[0]).headers["Location"] == "/"


def test_staff_logins_and_failed_logins_are_recorded(client, db):
    griffier = UserFactory(email="griffier@gemeente.example", role=Role.GRIFFIER)
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    password_step(client, "griffier@gemeente.example", "fout-wachtwoord")
    password_step(client, "griffier@gemeente.example")
    code_step(client, "000000")
    code_step(client, totp_code())
    password_step(client.application.test_client(), "lid@gemeente.example", "fout-wachtwoord")  # members: not staff
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.details.get("reason")) for e in entries] == [
        ("login.failed", "password"), ("login.failed", "second_factor"), ("login.succeeded", None)]
    assert all(e.target_id == griffier.id and e.organisation_id == griffier.organisation_id for e in entries)
    assert all(e.ip == "127.0.0.1" for e in entries)
    assert not any("fout-wachtwoord" in str(e.details) for e in entries)
