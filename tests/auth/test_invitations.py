"""Invitation links and password resets, followed through the outbox as a person would."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine

from app.auth.models import Role
from tests.conftest import submit
from tests.factories import PASSWORD, UserFactory

NEW = "mijn-geheime-zin-42"  # not containing the name "Nieuw Lid": that is refused


def link_in(message: str) -> str:
    match = re.search(r"http://localhost(/\S+)", message)
    assert match, message
    return match.group(1)


def invite(client, login_as, email="nieuw@gemeente.example"):
    griffier = login_as(Role.GRIFFIER)
    response = submit(client, "/griffie/leden/nieuw", {"name": "Nieuw Lid", "email": email, "function": "wethouder"})
    assert response.status_code == 302
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    return griffier


def _token(client):
    from tests.conftest import csrf_from

    return csrf_from(client.get("/leren/").get_data(as_text=True))


def test_griffier_invites_and_the_member_sets_a_password(client, db, login_as, outbox):
    invite(client, login_as)
    [message] = outbox()
    assert "To: nieuw@gemeente.example" in message and "Uitnodiging voor Weerbaar Leren" in message
    link = link_in(message)
    page = client.get(link).get_data(as_text=True)
    assert "Welkom bij Weerbaar Leren" in page
    response = submit(client, link, {"password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert "<h1>Mijn leeromgeving</h1>" in client.get("/", follow_redirects=True).get_data(as_text=True)
    # single use: the link is dead now, and the password works
    again = client.get(link)
    assert again.status_code == 404 and "Deze link werkt niet meer" in again.get_data(as_text=True)
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    assert submit(client, "/login", {"email": "nieuw@gemeente.example", "password": NEW}).status_code == 302


def test_invitation_expires_after_fourteen_days(client, db, login_as, outbox):
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=UTC), tick=False):
        invite(client, login_as)
    link = link_in(outbox()[0])
    with time_machine.travel(datetime(2026, 11, 14, 9, 0, tzinfo=UTC), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(datetime(2026, 11, 15, 9, 1, tzinfo=UTC), tick=False):
        assert client.get(link).status_code == 404


def test_resending_an_invitation_retires_the_old_link(client, db, login_as, outbox):
    griffier = login_as(Role.GRIFFIER)
    submit(client, "/griffie/leden/nieuw", {"name": "Nieuw Lid", "email": "nieuw@gemeente.example", "function": "raadslid"})
    from app.auth.models import User
    from sqlalchemy import select

    member = db.session.scalar(select(User).where(User.email == "nieuw@gemeente.example"))
    assert member.organisation_id == griffier.organisation_id
    submit(client, f"/griffie/leden/{member.id}/uitnodiging", {}, page=f"/griffie/leden/{member.id}")
    first, second = outbox()
    assert client.get(link_in(first)).status_code == 404
    assert client.get(link_in(second)).status_code == 200


def test_password_mismatch_and_too_short_are_explained(client, db, login_as, outbox):
    invite(client, login_as)
    link = link_in(outbox()[0])
    html = submit(client, link, {"password": "kort", "confirm": "anders"}).get_data(as_text=True)
    assert "Kies een wachtwoord van minstens 10 tekens." in html
    assert "De twee wachtwoorden zijn niet gelijk." in html
    assert client.get(link).status_code == 200  # nothing was used up


def test_password_reset_by_email(client, db, outbox):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    response = submit(client, "/wachtwoord-vergeten", {"email": "ruud@gemeente.example"})
    assert "Kijk in je e-mail" in response.get_data(as_text=True)
    [message] = outbox()
    link = link_in(message)
    assert link.startswith("/wachtwoord-herstellen/")
    assert submit(client, link, {"password": NEW, "confirm": NEW}).status_code == 302
    assert client.get(link).status_code == 404  # used
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    assert submit(client, "/login", {"email": "ruud@gemeente.example", "password": PASSWORD}).status_code == 200
    assert submit(client, "/login", {"email": "ruud@gemeente.example", "password": NEW}).status_code == 302


def test_reset_for_unknown_address_looks_the_same_and_sends_nothing(client, db, outbox):
    response = submit(client, "/wachtwoord-vergeten", {"email": "onbekend@gemeente.example"})
    assert "Kijk in je e-mail" in response.get_data(as_text=True)
    assert outbox() == []


def test_reset_link_expires_after_two_hours(client, db, outbox):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    start = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        submit(client, "/wachtwoord-vergeten", {"email": "ruud@gemeente.example"})
    link = link_in(outbox()[0])
    with time_machine.travel(start + timedelta(hours=2, minutes=1), tick=False):
        assert client.get(link).status_code == 404


def test_tampered_token_is_refused(client, db, outbox):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    submit(client, "/wachtwoord-vergeten", {"email": "ruud@gemeente.example"})
    link = link_in(outbox()[0])
    assert client.get(link[:-3] + "abc").status_code == 404
    assert client.get("/uitnodiging/" + link.rsplit("/", 1)[1]).status_code == 404  # a reset token is no invitation


def test_duplicate_email_is_refused_on_invite(client, db, login_as, outbox):
    UserFactory(email="bestaat@gemeente.example")
    login_as(Role.GRIFFIER)
    html = submit(client, "/griffie/leden/nieuw", {"name": "X", "email": "Bestaat@gemeente.example", "function": "raadslid"}).get_data(as_text=True)
    assert "Er is al een account met dit e-mailadres." in html
    assert outbox() == []
