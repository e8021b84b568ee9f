"""Journeys that used to break: a POST-only `next` after the session ended, an expired invitation,
a dead confirmation link, and a deactivated organisation."""
from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from app.auth.models import Role
from tests.auth.test_invitations import invite, link_in
from tests.conftest import csrf_from, submit
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


def test_klaar_after_the_session_ended_lands_on_the_lesson_not_on_405(client, db, course):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    lesson = "/leren/testcursus/begin/een"
    # The login page is where login_required sends the button's POST; its next only accepts POST.
    response = submit(client, f"/login?next={lesson}/klaar", {"email": "ruud@gemeente.example", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == lesson
    assert client.get(lesson).status_code == 200


def test_next_with_a_query_and_an_unknown_next_still_land_well(client, db):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    response = submit(client, "/login?next=/leren/%3Fx%3D1", {"email": "ruud@gemeente.example", "password": PASSWORD})
    assert response.headers["Location"] == "/leren/?x=1"
    client.post("/uitloggen", data={"csrf_token": csrf_from(client.get("/leren/").get_data(as_text=True))})
    response = submit(client, "/login?next=/bestaat/niet", {"email": "ruud@gemeente.example", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_an_expired_invitation_says_whose_griffie_to_ask(client, db, login_as, outbox):
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=UTC), tick=False):
        griffier = invite(client, login_as)
    link = link_in(outbox()[0])
    with time_machine.travel(datetime(2026, 11, 16, 9, 0, tzinfo=UTC), tick=False):
        response = client.get(link)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Je uitnodiging is verlopen" in html and f"griffie van {griffier.organisation.name}" in html
    assert 'href="/wachtwoord-vergeten"' in html


def test_a_forged_invitation_link_says_nothing_about_an_organisation(client, db):
    html = client.get("/uitnodiging/niet-echt").get_data(as_text=True)
    assert "Deze link werkt niet meer" in html and "griffie van" not in html


def test_a_dead_email_confirmation_link_says_the_address_did_not_change(client, db):
    response = client.get("/e-mailadres-bevestigen/niet-echt")
    assert response.status_code == 404 and "Je e-mailadres is niet veranderd" in response.get_data(as_text=True)


def test_a_deactivated_organisation_cannot_log_in(client, db):
    organisation = OrganisationFactory(active=False)
    UserFactory(organisation=organisation, email="stil@gemeente.example")
    db.session.commit()
    response = submit(client, "/login", {"email": "stil@gemeente.example", "password": PASSWORD})
    assert response.status_code == 200 and "klopt niet" in response.get_data(as_text=True)


def test_a_session_ends_when_the_organisation_is_deactivated(client, db, login_as):
    member = login_as(Role.MEMBER)
    assert client.get("/leren/").status_code == 200
    member.organisation.active = False
    db.session.commit()
    assert client.get("/leren/").status_code == 302
