"""The parts of learner pages that are kept per worker (layout, step, task list) still show each
person their own name, menu, progress and language: only what is the same for everyone is kept."""
from __future__ import annotations

from app.auth.models import Role
from app.courses.services import sync_courses
from app.extensions import db as _db
from tests.conftest import csrf_from
from tests.coursefiles import write_course

LESSON = "/leren/testcursus/begin/twee"
COURSE = "/leren/testcursus"


def _import(root) -> None:
    sync_courses(write_course(root))
    _db.session.commit()


def _done(client, path: str) -> None:
    client.post(path + "/klaar", data={"csrf_token": csrf_from(client.get(path).get_data(as_text=True))})


def test_each_member_sees_their_own_name_and_progress_on_the_same_worker(client, login_as, db, tmp_path):
    _import(tmp_path / "courses")
    first = login_as(Role.MEMBER, name="Anna Eerste")
    _done(client, "/leren/testcursus/begin/een")
    page = client.get(COURSE).get_data(as_text=True)
    assert "Anna Eerste" in page and "Ga verder waar je was" in page
    assert '<strong class="status-tag status-tag--done" id="status-' in page
    assert "Hier ben je gebleven" in page

    second = login_as(Role.MEMBER, name="Bram Tweede")
    for path in (COURSE, LESSON):
        html = client.get(path).get_data(as_text=True)
        assert "Bram Tweede" in html and first.name not in html
        assert "is-done" not in html and "Hier ben je gebleven" not in html
    assert "Begin met de cursus" in client.get(COURSE).get_data(as_text=True)
    assert second.name != first.name


def test_the_module_count_follows_the_members_progress(client, login_as, db, tmp_path):
    _import(tmp_path / "courses")
    login_as(Role.MEMBER)
    assert "0 van 3 klaar" in client.get(COURSE).get_data(as_text=True)
    _done(client, "/leren/testcursus/begin/een")
    html = client.get(COURSE).get_data(as_text=True)
    assert "1 van 3 klaar" in html and "0 van 2 klaar" in html


def test_kept_parts_follow_the_language_and_the_role(client, login_as, db, tmp_path):
    _import(tmp_path / "courses")
    login_as(Role.MEMBER)
    dutch = client.get(LESSON).get_data(as_text=True)
    assert "Mijn certificaten" in dutch and "Vorige les" in dutch
    login_as(Role.MEMBER, language="en")
    english = client.get(LESSON).get_data(as_text=True)
    assert '<html lang="en">' in english and "Vorige les" not in english and "Mijn certificaten" not in english
    assert "is-done" not in english
    login_as(Role.TRAINER)
    trainer = client.get(LESSON).get_data(as_text=True)
    assert "Cursussen schrijven" in trainer and "Mijn certificaten" not in trainer


def test_every_form_on_a_kept_page_carries_this_sessions_token(client, login_as, db, tmp_path):
    _import(tmp_path / "courses")
    login_as(Role.MEMBER)
    html = client.get(LESSON).get_data(as_text=True)
    token = csrf_from(html)
    assert html.count(f'value="{token}"') == 3  # "Klaar", the language switch, logging out
    login_as(Role.MEMBER)
    assert token not in client.get(LESSON).get_data(as_text=True)
