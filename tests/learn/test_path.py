"""A council member reads a course lesson by lesson, goes on, and comes back later."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import Function, Role
from app.courses import version_cache
from app.courses.services import sync_courses
from app.learn.models import Enrollment, LessonProgress
from tests.conftest import csrf_from, sign_in
from tests.coursefiles import lesson_md, write_course
from tests.factories import UserFactory

LESSON = "/leren/testcursus/{}/{}"


def finish(client, module, lesson):
    url = LESSON.format(module, lesson)
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url + "/klaar", data={"csrf_token": token})


def test_dashboard_shows_open_courses_with_progress(client, login_as, course):
    login_as(Role.MEMBER)
    html = client.get("/leren/").get_data(as_text=True)
    assert "<h1>Mijn leeromgeving</h1>" in html
    assert "Testcursus" in html and "Nog niet begonnen" in html
    assert "0 van 5 lessen gedaan" in html
    finish(client, "begin", "een")
    html = client.get("/leren/").get_data(as_text=True)
    assert "1 van 5 lessen gedaan" in html and "Bezig" in html
    assert '<progress id="voortgang-testcursus" max="5" value="1">' in html


def test_lesson_page_renders_and_goes_on(client, login_as, course):
    login_as(Role.MEMBER)
    html = client.get(LESSON.format("begin", "een")).get_data(as_text=True)
    assert "<h1>Les een</h1>" in html and html.count("<h1") == 1
    assert "Les 1 van 5" in html and "<table>" in html
    assert "Klaar, naar de volgende les" in html
    assert "Vorige les" not in html
    response = finish(client, "begin", "een")
    assert response.headers["Location"] == LESSON.format("begin", "twee")
    html = client.get(LESSON.format("begin", "twee")).get_data(as_text=True)
    assert 'href="/leren/testcursus/begin/een"' in html and "Vorige les" in html


def test_course_resumes_where_the_member_left_off(client, login_as, course):
    login_as(Role.MEMBER)
    html = client.get("/leren/testcursus").get_data(as_text=True)
    assert "Begin met de cursus" in html and f'href="{LESSON.format("begin", "een")}"' in html
    finish(client, "begin", "een")
    finish(client, "begin", "twee")
    html = client.get("/leren/testcursus").get_data(as_text=True)
    assert "Ga verder waar je was" in html
    assert f'<a class="button" href="{LESSON.format("begin", "drie")}">' in html
    assert "Hier ben je gebleven" in html and html.count(">Gedaan</strong>") == 2


def test_finishing_the_last_lesson_completes_the_course(client, login_as, course, db):
    user = login_as(Role.MEMBER)
    for module, lesson in [("begin", "een"), ("begin", "twee"), ("begin", "drie"), ("verder", "vier")]:
        finish(client, module, lesson)
    response = finish(client, "verder", "vijf")
    assert response.headers["Location"] == "/leren/testcursus"
    html = client.get("/leren/testcursus").get_data(as_text=True)
    assert "Gefeliciteerd: je hebt de cursus „Testcursus” afgerond." in html
    assert "Je hebt deze cursus afgerond op" in html
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))
    assert enrollment.completed_at is not None


def test_skipped_lesson_keeps_the_course_open_and_sends_the_member_back(client, login_as, course):
    login_as(Role.MEMBER)
    for module, lesson in [("begin", "een"), ("begin", "drie"), ("verder", "vier")]:
        finish(client, module, lesson)
    response = finish(client, "verder", "vijf")
    assert response.headers["Location"] == LESSON.format("begin", "twee")


def test_double_submit_records_a_lesson_once(client, login_as, course, db):
    login_as(Role.MEMBER)
    url = LESSON.format("begin", "een")
    token = csrf_from(client.get(url).get_data(as_text=True))
    for _ in range(3):
        assert client.post(url + "/klaar", data={"csrf_token": token}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_completing_needs_csrf_and_an_existing_lesson(client, login_as, course):
    login_as(Role.MEMBER)
    assert client.post(LESSON.format("begin", "een") + "/klaar").status_code == 400
    token = csrf_from(client.get(LESSON.format("begin", "een")).get_data(as_text=True))
    assert client.post(LESSON.format("begin", "zes") + "/klaar", data={"csrf_token": token}).status_code == 404
    assert client.get(LESSON.format("verder", "een")).status_code == 404  # lesson of another module
    assert client.get("/leren/bestaat-niet").status_code == 404


def test_course_for_another_audience_is_not_found(client, login_as, db, tmp_path):
    root = write_course(tmp_path / "c", slug="burgemeesters",
                        course_md="---\ntitle: Voor burgemeesters\nsummary: S\naudience: [burgemeester]\n---\n")
    sync_courses(root)
    db.session.commit()
    login_as(Role.MEMBER, function=Function.RAADSLID)
    assert "Voor burgemeesters" not in client.get("/leren/").get_data(as_text=True)
    assert client.get("/leren/burgemeesters").status_code == 404


def test_member_keeps_the_version_they_started(client, login_as, course, db, course_dir):
    login_as(Role.MEMBER)
    finish(client, "begin", "een")
    write_course(course_dir, extra={"01-begin/02-twee.md": lesson_md("Les twee, herschreven")})
    sync_courses(course_dir)
    db.session.commit()
    assert "<h1>Les twee</h1>" in client.get(LESSON.format("begin", "twee")).get_data(as_text=True)
    other = UserFactory()
    db.session.commit()
    sign_in(client, other)
    assert "<h1>Les twee, herschreven</h1>" in client.get(LESSON.format("begin", "twee")).get_data(as_text=True)


def test_dashboard_query_count_does_not_grow_with_courses_or_progress(client, login_as, db, tmp_path, count_queries):
    login_as(Role.MEMBER)
    root = tmp_path / "many"
    write_course(root, slug="eerste")
    sync_courses(root)
    db.session.commit()
    url = "/leren/eerste/begin/een"
    client.post(url + "/klaar", data={"csrf_token": csrf_from(client.get(url).get_data(as_text=True))})
    version_cache.clear()  # as a new worker: the versions are read once, in one query for all of them
    with count_queries() as few:
        client.get("/leren/")
    for slug in ["tweede", "derde", "vierde", "vijfde"]:
        write_course(root, slug=slug)
    sync_courses(root)
    db.session.commit()
    for slug in ["tweede", "derde", "vierde"]:
        url = f"/leren/{slug}/begin/een"
        client.post(url + "/klaar", data={"csrf_token": csrf_from(client.get(url).get_data(as_text=True))})
    version_cache.clear()
    with count_queries() as many:
        html = client.get("/leren/").get_data(as_text=True)
    assert html.count('class="card"') == 5
    assert len(many) == len(few)
    with count_queries() as kept:
        client.get("/leren/")
    assert len(kept) == len(few) - 1  # and once kept, not at all


def test_lesson_page_query_count_does_not_grow_with_progress(client, login_as, course, count_queries):
    login_as(Role.MEMBER)
    with count_queries() as before:
        client.get(LESSON.format("verder", "vijf"))
    for module, lesson in [("begin", "een"), ("begin", "twee"), ("begin", "drie")]:
        finish(client, module, lesson)
    with count_queries() as after:
        client.get(LESSON.format("verder", "vijf"))
    assert len(after) <= len(before) + 1  # the enrollment now exists; nothing per lesson
