"""Pages kept per worker as a skeleton (app/kept.py): the frame of every page (app/layout.py) and a
reading lesson (app/learn/kept_lesson.py). What a reader sees must be exactly what a full render gives
them: their own name, token, progress, messages and organisation's text, and nobody else's."""
from __future__ import annotations

import re

import pytest
from flask import render_template_string

from app import kept
from app.auth.models import Role
from app.courses.services import sync_courses
from app.learn import kept_lesson
from app.localinfo.services import save_local_info
from tests.conftest import csrf_from
from tests.coursefiles import lesson_md, write_course
from tests.factories import OrganisationFactory

LESSON = "/leren/testcursus/begin/twee"
SLOTTED = "Als iets je dwarszit:\n\n::: lokaal vertrouwenspersoon\nVraag je griffie wie het is.\n:::\n"


@pytest.fixture
def slotted(db, tmp_path):
    root = write_course(tmp_path / "courses", extra={"01-begin/02-twee.md": lesson_md("Les twee", SLOTTED)})
    version = sync_courses(root).created[0]
    db.session.commit()
    return version


def _done(client, path: str) -> None:
    client.post(path + "/klaar", data={"csrf_token": csrf_from(client.get(path).get_data(as_text=True))})


def test_a_kept_lesson_reads_exactly_as_the_full_render(client, db, login_as, slotted, monkeypatch):
    member = login_as(Role.MEMBER, name="Anna <Eerste>")
    save_local_info(member.organisation_id, {"vertrouwenspersoon": "Mevrouw **Eigen**"})
    db.session.commit()
    _done(client, "/leren/testcursus/begin/een")
    client.get(LESSON)  # the first reader makes the skeleton
    kept_page = client.get(LESSON).get_data(as_text=True)
    monkeypatch.setattr(kept_lesson, "can_keep", lambda step: False)
    full = client.get(LESSON).get_data(as_text=True)
    assert kept_page == full
    assert "Anna &lt;Eerste&gt;" in kept_page and "Mevrouw <strong>Eigen</strong>" in kept_page
    assert kept_page.count('class="is-done"') == 1 and "\x00" not in kept_page


def test_two_organisations_share_the_skeleton_but_not_their_text(client, db, login_as, slotted):
    elders = OrganisationFactory(name="Gemeente Elders")
    save_local_info(elders.id, {"vertrouwenspersoon": "Meneer Elders"})
    db.session.commit()
    first = login_as(Role.MEMBER, name="Anna Eerste", organisation=elders)
    _done(client, LESSON)
    seen_first = client.get(LESSON).get_data(as_text=True)
    assert "Meneer Elders" in seen_first and "Gemeente Elders" in seen_first
    assert "Je hebt deze les gedaan." in seen_first

    login_as(Role.MEMBER, name="Bram Tweede")
    seen_second = client.get(LESSON).get_data(as_text=True)
    assert "Bram Tweede" in seen_second
    for theirs in (first.name, "Meneer Elders", "Gemeente Elders", "Je hebt deze les gedaan.", "is-done"):
        assert theirs not in seen_second
    assert "Vraag je griffie wie het is." in seen_second  # the fallback where their organisation has nothing


def test_a_message_shows_on_a_kept_page_once_and_escaped(client, db, login_as, slotted):
    login_as(Role.MEMBER)
    client.get(LESSON)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Let op: <b>vet</b>")]
    shown = client.get(LESSON).get_data(as_text=True)
    assert '<p class="alert alert--info">Let op: &lt;b&gt;vet&lt;/b&gt;</p>' in shown
    assert "Let op" not in client.get(LESSON).get_data(as_text=True)


def test_the_language_switch_returns_to_the_page_with_its_query(client, db, login_as):
    login_as(Role.GRIFFIER)
    for path in ("/griffie/?sorteer=status", "/griffie/?sorteer=naam"):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r'name="next" value="([^"]+)"', html).group(1) == path.replace("&", "&amp;")


def test_a_kept_page_may_not_read_anything_else_of_the_person(app):
    stand_in = kept.StandIn(Role.MEMBER)
    assert stand_in.role == Role.MEMBER and stand_in.is_authenticated
    with pytest.raises(kept.KeptPageError):
        stand_in.email  # noqa: B018 - reading it is the test
    with pytest.raises(kept.KeptPageError):
        stand_in.organisation.id  # noqa: B018


def test_a_shared_fragment_refuses_a_personal_part(app):
    with app.test_request_context("/"):
        with pytest.raises(kept.KeptPageError):
            render_template_string('{% call cached("test-fragment") %}{{ name }}{% endcall %}',
                                   name=kept.marker("name"))


def test_a_skeleton_with_an_unknown_marker_is_refused():
    with pytest.raises(kept.KeptPageError):
        kept.split(f"<p>{kept.marker('email')}</p>", {"name"})
    assert kept.split(f"<p>{kept.marker('name')}</p>", {"name"}).fill({"name": "Anna"}) == "<p>Anna</p>"
