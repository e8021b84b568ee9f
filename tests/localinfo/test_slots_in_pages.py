"""Slots in lessons and scenarios: each learner sees their own organisation's value, or the fallback.

A request only splices stored HTML: no Markdown is rendered, one query reads the organisation's values.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.courses.models import CourseVersion
from app.courses.services import sync_courses
from app.localinfo.services import save_local_info
from tests.conftest import submit
from tests.coursefiles import SCENARIO_MD, lesson_md, write_course
from tests.factories import OrganisationFactory
from tests.quizzes.conftest import Player

LESSON = "/leren/testcursus/begin/twee"
FEW = "/leren/testcursus/begin/drie"
SCENARIO = "/leren/testcursus/verder/tribune"
SLOTTED = ("Als iets je dwarszit:\n\n::: lokaal vertrouwenspersoon\nVraag je griffie wie de vertrouwenspersoon is.\n:::\n\n"
           "Voor vragen over veiligheid:\n\n::: lokaal veiligheid\nVraag je griffie wie je belt.\n:::\n\n"
           "::: lokaal griffie\nDe griffie helpt je verder.\n:::\n\n::: lokaal protocol\nVraag naar het protocol.\n:::\n")
ONE_SLOT = "Eén plek:\n\n::: lokaal vertrouwenspersoon\nVraag je griffie wie de vertrouwenspersoon is.\n:::\n"
SCENARIO_WITH_SLOTS = (
    SCENARIO_MD.format(scoring="ending", pass_mark=6)
    .replace("  - title: De griffie\n", "  - title: De griffie\n    slot: griffie\n")
    .replace("Een bezoeker begint te schreeuwen.\n",
             "Een bezoeker begint te schreeuwen.\n\n::: lokaal protocol\nWat zegt jullie protocol hierover?\n:::\n")
    .replace("Je hebt rust gebracht en het gesprek gezocht.\n",
             "Je hebt rust gebracht en het gesprek gezocht.\n\n::: lokaal veiligheid\nBespreek het met je griffie.\n:::\n")
)


@pytest.fixture
def slotted(db, tmp_path):
    root = write_course(tmp_path / "courses", extra={
        "01-begin/02-twee.md": lesson_md("Les twee", SLOTTED),
        "01-begin/03-drie.md": lesson_md("Les drie", ONE_SLOT),
        "02-verder/03-tribune.md": SCENARIO_WITH_SLOTS,
    })
    version = sync_courses(root).created[0]
    db.session.commit()
    return version


def fill_in(organisation_id: int, db, **texts: str) -> None:
    save_local_info(organisation_id, texts)
    db.session.commit()


def test_learners_see_their_own_organisations_values_and_never_anothers(client, db, login_as, slotted):
    elders = OrganisationFactory(name="Gemeente Elders")
    fill_in(elders.id, db, vertrouwenspersoon="Meneer **Elders**")
    member = login_as(Role.MEMBER)
    fill_in(member.organisation_id, db, vertrouwenspersoon="Mevrouw **Eigen**, kamer 1.01")
    page = client.get(LESSON).get_data(as_text=True)
    assert "Mevrouw <strong>Eigen</strong>, kamer 1.01" in page
    assert page.count("Van je eigen organisatie") == 1  # marked as local, once: only one field is filled in
    assert "Elders" not in page
    assert "Vraag je griffie wie de vertrouwenspersoon is." not in page  # replaced, not added to
    assert "Vraag je griffie wie je belt." in page  # not filled in: the course's own text


def test_an_organisation_that_filled_in_nothing_sees_the_course_fallback(client, db, login_as, slotted):
    elders = OrganisationFactory(name="Gemeente Elders")
    fill_in(elders.id, db, vertrouwenspersoon="Meneer Elders", griffie="Griffie Elders")
    login_as(Role.MEMBER)
    page = client.get(LESSON).get_data(as_text=True)
    for fallback in ("Vraag je griffie wie de vertrouwenspersoon is.", "Vraag je griffie wie je belt.",
                     "De griffie helpt je verder.", "Vraag naar het protocol."):
        assert fallback in page
    assert "Elders" not in page


def test_a_request_renders_no_markdown(client, db, login_as, slotted, monkeypatch):
    member = login_as(Role.MEMBER)
    fill_in(member.organisation_id, db, vertrouwenspersoon="Mevrouw **Eigen**")

    def must_not_run(*args, **kwargs):
        raise AssertionError("Markdown rendered or sanitised during a request")

    monkeypatch.setattr("markdown.markdown", must_not_run)
    monkeypatch.setattr("nh3.clean", must_not_run)
    response = client.get(LESSON)
    assert response.status_code == 200
    assert "Mevrouw <strong>Eigen</strong>" in response.get_data(as_text=True)


def test_one_query_for_local_information_however_many_slots(client, db, login_as, slotted, count_queries):
    member = login_as(Role.MEMBER)
    fill_in(member.organisation_id, db, vertrouwenspersoon="A", veiligheid="B", griffie="C", protocol="D")
    client.get(FEW)  # warm up: first visits fill the worker's cache of each lesson's HTML
    client.get(LESSON)
    with count_queries() as one_slot:
        client.get(FEW)
    with count_queries() as four_slots:
        client.get(LESSON)
    assert len(one_slot) == len(four_slots)
    assert sum("local_info" in statement for statement in four_slots) == 1


def test_changing_a_contact_needs_no_new_course_version(client, db, login_as, slotted):
    griffier = login_as(Role.GRIFFIER)
    submit(client, "/griffie/lokale-informatie", {"vertrouwenspersoon": "Eerst deze"})
    submit(client, "/griffie/lokale-informatie", {"vertrouwenspersoon": "Nu een ander"})
    assert db.session.scalar(select(func.count()).select_from(CourseVersion)) == 1
    login_as(Role.MEMBER, organisation=griffier.organisation)
    page = client.get(LESSON).get_data(as_text=True)
    assert "Nu een ander" in page and "Eerst deze" not in page


def test_scenario_situation_ending_and_help_item_show_local_values(client, db, login_as, slotted):
    member = login_as(Role.MEMBER)
    fill_in(member.organisation_id, db, protocol="Ons protocol: meld het meteen.", veiligheid="Bel de bode.",
            griffie="Griffie: kamer 2.14")
    player = Player(client, SCENARIO)
    player.start()
    assert "Ons protocol: meld het meteen." in player.page()
    player.choose("tribune", "tribune-1")
    response = player.choose("schorsen", "schorsen-2")  # the choice that leads to the good ending
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Bel de bode." in html and "Bespreek het met je griffie." not in html
    assert "Griffie: kamer 2.14" in html and "Bespreek wat er gebeurde met je griffie." not in html
    assert 'href="/hulp"' in html and "Hulp en contact" in html  # every ending links to help


def test_trainer_preview_marks_each_slot_with_an_example(client, db, login_as, slotted):
    trainer = login_as(Role.TRAINER)
    fill_in(trainer.organisation_id, db, vertrouwenspersoon="Echte waarde van de organisatie van de trainer")
    page = client.get("/auteur/testcursus/voorbeeld/begin/twee").get_data(as_text=True)
    assert "Lokale informatie: Vertrouwenspersoon integriteit" in page
    assert "Lokale informatie: Contact voor veiligheid en agressie" in page
    assert "Voorbeeld: mevrouw J. de Vries" in page  # an example value
    assert "Vraag je griffie wie de vertrouwenspersoon is." in page  # and what shows when nothing is filled in
    assert "Echte waarde" not in page
    assert page.count("lokaal--voorbeeld") == 4
