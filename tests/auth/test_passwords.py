"""Common passwords and passwords made of the person's own name are refused everywhere one is chosen."""
from __future__ import annotations

import re

import pytest

from app.auth import tokens
from app.auth.policy import is_common
from app.auth.services import authenticate
from app.db_types import utcnow
from tests.auth.helpers import password_step
from tests.conftest import submit
from tests.factories import PASSWORD, UserFactory

COMMON = "Dit wachtwoord wordt veel gebruikt"
PERSONAL = "Gebruik niet je naam of je e-mailadres"


@pytest.mark.parametrize("password", ["wachtwoord", "welkom2026!", "1234567890", "Welkom01", "password123",
                                      "qwertyuiop", "Feyenoord", "iloveyou!!"])
def test_common_passwords_are_known(password):
    assert is_common(password)


@pytest.mark.parametrize("password", ["een-goed-wachtwoord", "fiets-op-de-dijk-7", "Tulpen in maart zijn rood"])
def test_ordinary_sentences_are_not_common(password):
    assert not is_common(password)


def test_list_holds_the_ten_thousand_most_common(app):
    from app.auth.policy import common_passwords

    assert len(common_passwords()) >= 10_000


def _reset_link(app, user) -> str:
    with app.test_request_context():
        return "/wachtwoord-herstellen/" + tokens.make_token(user, tokens.RESET)


@pytest.mark.parametrize(("password", "message"), [
    ("welkom2026!", COMMON), ("wachtwoord", COMMON), ("1234567890", COMMON),
    ("Ruud-Jansen-2026", PERSONAL), ("ik-ben-ruud.jansen", PERSONAL),
])
def test_reset_refuses_weak_passwords(app, client, db, password, message):
    user = UserFactory(email="ruud.jansen@gemeente.example", name="Ruud Jansen")
    db.session.commit()
    link = _reset_link(app, user)
    response = submit(client, link, {"password": password, "confirm": password})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html and 'href="#password"' in html
    assert authenticate(user.email, PASSWORD) is not None  # unchanged


def test_invitation_refuses_a_common_password(app, client, db):
    user = UserFactory(email="nieuw@gemeente.example", password=False)
    with app.test_request_context():
        user.invited_at = utcnow()
        db.session.commit()
        link = "/uitnodiging/" + tokens.make_token(user, tokens.INVITE)
    html = submit(client, link, {"password": "welkom2026!", "confirm": "welkom2026!"}).get_data(as_text=True)
    assert COMMON in html


def test_change_password_asks_for_the_current_one(client, db):
    UserFactory(email="lid@gemeente.example", name="Sanne Peters")
    db.session.commit()
    password_step(client, "lid@gemeente.example")
    page = client.get("/account/wachtwoord").get_data(as_text=True)
    assert "<h1>Wachtwoord wijzigen</h1>" in page and 'autocomplete="current-password"' in page
    wrong = submit(client, "/account/wachtwoord", {"current": "niet-mijn-wachtwoord", "password": "drie-nieuwe-woorden",
                                                    "confirm": "drie-nieuwe-woorden"}).get_data(as_text=True)
    assert "Je huidige wachtwoord klopt niet" in wrong
    common = submit(client, "/account/wachtwoord", {"current": PASSWORD, "password": "welkom2026!",
                                                     "confirm": "welkom2026!"}).get_data(as_text=True)
    assert COMMON in common
    mine = submit(client, "/account/wachtwoord", {"current": PASSWORD, "password": "peters-fiets-is-rood",
                                                   "confirm": "peters-fiets-is-rood"}).get_data(as_text=True)
    assert PERSONAL in mine
    short = submit(client, "/account/wachtwoord", {"current": PASSWORD, "password": "kort", "confirm": "kort"})
    assert "minstens 10 tekens" in short.get_data(as_text=True)
    done = submit(client, "/account/wachtwoord", {"current": PASSWORD, "password": "drie-nieuwe-woorden",
                                                   "confirm": "drie-nieuwe-woorden"})
    assert done.headers["Location"] == "/account"
    assert authenticate("lid@gemeente.example", "drie-nieuwe-woorden") is not None


def test_change_password_needs_login(client, db):
    assert client.get("/account/wachtwoord").headers["Location"].startswith("/login")


def test_error_summary_lists_the_current_password_first(client, db, login_as):
    login_as("member")
    html = submit(client, "/account/wachtwoord", {"current": "", "password": "", "confirm": ""}).get_data(as_text=True)
    targets = re.findall(r'<li><a href="#(\w+)">', html)
    assert targets[:3] == ["current", "password", "confirm"]


def test_an_invitation_token_is_no_reset_token(app, client, db):
    user = UserFactory(email="nieuw@gemeente.example", password=False)
    with app.test_request_context():
        user.invited_at = utcnow()
        db.session.commit()
        token = tokens.make_token(user, tokens.INVITE)
    assert client.get("/wachtwoord-herstellen/" + token).status_code == 404
    assert client.get("/uitnodiging/" + token).status_code == 200
