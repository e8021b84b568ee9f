"""Progress at a glance, course text in its own language, and the preview titled like the real page."""
from __future__ import annotations

import re

from app.auth.models import Role
from app.content import validate_tree
from app.courses.services import sync_courses
from tests.conftest import csrf_from
from tests.coursefiles import COURSE_MD, write_course

LESSON = "/leren/testcursus/{}/{}"


def finish(client, module, lesson):
    url = LESSON.format(module, lesson)
    client.post(url + "/klaar", data={"csrf_token": csrf_from(client.get(url).get_data(as_text=True))})


def english_course(db, tmp_path):
    sync_courses(write_course(tmp_path / "en", course_md=COURSE_MD.replace("summary:", "lang: en\nsummary:", 1)))
    db.session.commit()


def test_the_course_page_is_a_task_list_with_counts_per_module(client, login_as, course):
    login_as(Role.MEMBER)
    finish(client, "begin", "een")
    html = client.get("/leren/testcursus").get_data(as_text=True)
    assert html.index("Ga verder waar je was") < html.index("<h2>Inhoud</h2>") < html.index("Welkom bij de testcursus")
    assert "1 van 3 klaar" in html and "0 van 2 klaar" in html
    status = re.search(r'<a href="/leren/testcursus/begin/een" aria-describedby="(status-\d+)"', html).group(1)
    assert f'<strong class="status-tag status-tag--done" id="{status}">Gedaan</strong>' in html
    assert ">Hier ben je gebleven</strong>" in html and html.count(">Nog te doen</strong>") == 3


def test_the_dashboard_card_goes_on_where_the_member_left_off(client, login_as, course):
    login_as(Role.MEMBER)
    assert ">Begin<span" in client.get("/leren/").get_data(as_text=True).replace("\n", "").replace("  ", "")
    finish(client, "begin", "een")
    dashboard = client.get("/leren/").get_data(as_text=True)
    assert 'href="/leren/testcursus/verder"' in dashboard and "Ga verder" in dashboard
    response = client.get("/leren/testcursus/verder")
    assert response.status_code == 302 and response.headers["Location"] == LESSON.format("begin", "twee")
    assert client.get("/leren/bestaat-niet/verder").status_code == 404


def test_a_course_not_meant_for_the_member_has_no_resume_either(client, login_as, db, tmp_path):
    sync_courses(write_course(tmp_path / "g", course_md=COURSE_MD.replace("summary:", "audience: [griffier]\nsummary:", 1)))
    db.session.commit()
    login_as(Role.MEMBER)
    assert client.get("/leren/testcursus/verder").status_code == 404


def test_the_validator_accepts_nl_and_en_only(tmp_path):
    _courses, problems = validate_tree(write_course(tmp_path / "a", course_md=COURSE_MD.replace("summary:", "lang: en\nsummary:", 1)))
    assert not [p for p in problems if p.is_error]
    _courses, problems = validate_tree(write_course(tmp_path / "b", course_md=COURSE_MD.replace("summary:", "lang: de\nsummary:", 1)))
    assert any("lang" in str(p) or "nl, en" in str(p) for p in problems if p.is_error), problems


def test_course_text_carries_its_own_language_inside_a_dutch_interface(client, login_as, db, tmp_path):
    english_course(db, tmp_path)
    login_as(Role.MEMBER)
    lesson = client.get(LESSON.format("begin", "een")).get_data(as_text=True)
    assert '<html lang="nl">' in lesson and '<h1 lang="en">Les een</h1>' in lesson
    assert '<div class="prose" lang="en">' in lesson
    # Its Markdown table got a scroll box at import, labelled in the course's language.
    assert ('<div class="table-wrap" role="region" tabindex="0" aria-label="Table, scrolls sideways on a narrow '
            'screen"><table>') in lesson
    assert '<h1 lang="en">Testcursus</h1>' in client.get("/leren/testcursus").get_data(as_text=True)


def test_no_lang_attribute_where_course_and_interface_agree(client, login_as, course):
    login_as(Role.MEMBER)
    lesson = client.get(LESSON.format("begin", "een")).get_data(as_text=True)
    assert "<h1>Les een</h1>" in lesson and 'lang="en"' not in lesson.split("<main")[1].split("site-footer")[0]
    assert 'aria-label="Tabel, scrolt opzij op een smal scherm"><table>' in lesson


def test_the_preview_is_titled_like_the_live_page(client, login_as, course):
    login_as(Role.MEMBER)
    live = re.search(r"<title>(.*?)</title>", client.get(LESSON.format("begin", "een")).get_data(as_text=True)).group(1)
    login_as(Role.TRAINER)
    preview = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", preview).group(1) == "Voorbeeld: " + live
