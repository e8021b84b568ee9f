"""The privacy statement: public, plain Dutch, linked from the footer of every page."""
from __future__ import annotations

import pytest

from app.auth.models import Role


def test_statement_says_what_why_how_long_and_whom_to_ask(client, app):
    html = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Privacyverklaring</h1>" in html
    for heading in ("Welke gegevens", "Waarom", "Hoe lang", "Jouw rechten", "Vragen"):
        assert f"<h2>{heading}</h2>" in html
    assert f"na {app.config['PRIVACY_DEACTIVATED_DAYS']} dagen" in html
    assert app.config["PRIVACY_CONTACT"] in html


@pytest.mark.parametrize(("role", "url"), [(None, "/login"), (None, "/verify"), (None, "/bestaat-niet"),
                                           (Role.MEMBER, "/leren/"), (Role.GRIFFIER, "/griffie/leden"),
                                           (Role.ADMIN, "/beheer/logboek"), (Role.TRAINER, "/mijn-gegevens")])
def test_every_page_links_to_it(client, login_as, role, url):
    if role:
        login_as(role)
    assert 'href="/privacy"' in client.get(url).get_data(as_text=True)


def test_logged_in_users_reach_mijn_gegevens_from_every_page(client, login_as):
    login_as(Role.GRIFFIER)
    assert 'href="/mijn-gegevens"' in client.get("/griffie/").get_data(as_text=True)


def test_staff_are_told_to_ask_the_administrator(client, login_as):
    login_as(Role.GRIFFIER)
    html = client.get("/mijn-gegevens").get_data(as_text=True)
    assert "Vraag de beheerder" in html and "/mijn-gegevens/verwijderen" not in html
