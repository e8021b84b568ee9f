"""An id that cannot exist answers 404, never 500, on SQLite and on PostgreSQL (TEST_DATABASE_URL).

PostgreSQL's id columns are 32-bit: a larger number used to make the query fail with
"integer out of range".
"""
from __future__ import annotations

import pytest

from app.auth.models import Role

HUGE = ["2147483648", "99999999999", "99999999999999999999999"]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(("role", "template"), [
    (Role.GRIFFIER, "/griffie/leden/{}"),
    (Role.GRIFFIER, "/griffie/groepen/{}"),
    (Role.GRIFFIER, "/griffie/certificaten/{}.pdf"),
    (Role.GRIFFIER, "/griffie/rapporten/{}.pdf"),
    (Role.MEMBER, "/certificaten/{}.pdf"),
    (Role.MEMBER, "/leren/media/{}/images/kaart.png"),
    (Role.ADMIN, "/beheer/organisaties/{}"),
    (Role.ADMIN, "/beheer/gebruikers/{}/gegevens-verwijderen"),
    (Role.TRAINER, "/auteur/testcursus/versies/{}/export.zip"),
])
def test_huge_id_in_the_path_is_404(client, login_as, course, role, template, number):
    login_as(role)
    assert client.get(template.format(number)).status_code == 404


def test_the_largest_real_id_still_routes(client, login_as):
    login_as(Role.GRIFFIER)
    assert client.get("/griffie/leden/2147483647").status_code == 404  # reaches the view, which finds nobody


@pytest.mark.parametrize("number", HUGE[1:])
@pytest.mark.parametrize(("role", "url"), [
    (Role.GRIFFIER, "/griffie/leden?page={}"),
    (Role.GRIFFIER, "/griffie/logboek?page={}"),
    (Role.TRAINER, "/auteur/testcursus/analyse?versie={}"),
    (Role.TRAINER, "/auteur/testcursus/versies/vergelijk?van={}&naar=1"),
])
def test_huge_number_in_the_query_string_is_404(client, login_as, course, role, url, number):
    login_as(role)
    assert client.get(url.format(number)).status_code == 404
