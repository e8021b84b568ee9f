"""Hulp en contact: the general part for everyone, with sources; the own organisation's contacts for its people."""
from __future__ import annotations

from app.auth.models import Role
from app.localinfo.services import save_local_info
from tests.factories import OrganisationFactory


def test_visitors_see_the_general_help_with_sources(client, db):
    page = client.get("/hulp").get_data(as_text=True)
    assert "<h1>Hulp en contact</h1>" in page
    assert "bel 112" in page and "0900-8844" in page
    assert 'href="https://www.weerbaarbestuur.nl"' in page and "Ondersteuningsteam Weerbaar Bestuur" in page
    assert page.count("Bron") >= 4  # every part names where it comes from
    assert "Log in om de contacten van je eigen" in page


def test_members_see_their_own_organisations_contacts_and_no_one_elses(client, db, login_as):
    elders = OrganisationFactory(name="Gemeente Elders")
    save_local_info(elders.id, {"griffie": "Griffie Elders, kamer 9"})
    member = login_as(Role.MEMBER)
    save_local_info(member.organisation_id, {"griffie": "Onze griffie, kamer 1", "gedragscode": "Alleen in lessen"})
    db.session.commit()
    page = client.get("/hulp").get_data(as_text=True)
    assert "Onze griffie, kamer 1" in page
    assert "Griffie Elders" not in page
    assert "Alleen in lessen" not in page  # the code of conduct belongs in the integrity lessons, not here


def test_an_organisation_without_local_information_is_told_to_ask_the_griffie(client, db, login_as):
    login_as(Role.MEMBER)
    page = client.get("/hulp").get_data(as_text=True)
    assert "heeft hier nog niets ingevuld" in page


def test_every_page_links_to_help(client, db, login_as):
    assert 'href="/hulp"' in client.get("/login").get_data(as_text=True)
    login_as(Role.MEMBER)
    assert 'href="/hulp"' in client.get("/leren/").get_data(as_text=True)
    assert 'href="/hulp"' in client.get("/bestaat-niet").get_data(as_text=True)  # error pages too
