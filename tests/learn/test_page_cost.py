"""What a learner's page reads from the database: a fixed, small number of queries however big the
course is, never the version's stored files and never another lesson's HTML."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from app.auth.models import Role
from app.courses import version_cache
from app.courses.services import sync_courses
from app.extensions import db as _db
from tests.conftest import csrf_from
from tests.coursefiles import activity_course, lesson_md, write_course

LESSON = "/leren/testcursus/begin/twee"
COURSE = "/leren/testcursus"
SCENARIO = "/leren/testcursus/verder/tribune"


@contextmanager
def statements_with_parameters():
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((" ".join(statement.lower().split()), parameters))

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)


def _import(root, lessons_per_module: int = 0):
    extra = {f"02-verder/{10 + n:02d}-extra-{n}.md": lesson_md(f"Extra {n}") for n in range(lessons_per_module)}
    sync_courses(write_course(root, extra=extra))
    _db.session.commit()


def test_a_lesson_page_reads_neither_the_stored_files_nor_other_lessons_html(client, login_as, db, tmp_path):
    _import(tmp_path / "courses")
    login_as(Role.MEMBER)
    version_cache.clear()  # a fresh worker: the first request fills the cache
    with statements_with_parameters() as seen:
        html = client.get(LESSON).get_data(as_text=True)
    assert "<h1>Les twee</h1>" in html and "Tekst van de les Les twee." in html
    assert not [s for s, _ in seen if "course_version.files" in s or "files" in s.split(" from ")[0]]
    html_reads = [(s, p) for s, p in seen if "lesson.html" in s]
    assert len(html_reads) == 1
    assert "where lesson.id =" in html_reads[0][0]  # this lesson's row only


def test_lesson_page_costs_the_user_and_their_progress_and_no_more_as_the_course_grows(
        client, login_as, db, tmp_path, count_queries):
    _import(tmp_path / "small")
    login_as(Role.MEMBER)
    client.post(LESSON + "/klaar", data={"csrf_token": csrf_from(client.get(LESSON).get_data(as_text=True))})
    with count_queries() as small:
        assert client.get(LESSON).status_code == 200
    # the user (with organisation and session); the course with the member's enrollment and progress
    assert len(small) == 2, small
    _import(tmp_path / "big", lessons_per_module=40)  # a new version; the member stays on theirs
    with count_queries() as big:
        client.get(LESSON)
    assert len(big) == len(small)


def test_course_page_query_budget(client, login_as, db, tmp_path, count_queries):
    _import(tmp_path / "courses", lessons_per_module=30)
    login_as(Role.MEMBER)
    client.get(COURSE)  # warm the worker's cache
    with count_queries() as before_start:
        html = client.get(COURSE).get_data(as_text=True)
    assert "Extra 29" in html
    # the user; the course with the newest version (not started yet)
    assert len(before_start) == 2, before_start
    client.post(LESSON + "/klaar", data={"csrf_token": csrf_from(client.get(LESSON).get_data(as_text=True))})
    with count_queries() as started:
        client.get(COURSE)
    assert len(started) == 2, started  # the user; the course with enrollment and progress
    assert not [s for s in started if "lesson.html" in s or "files" in s.split(" FROM ")[0]]


def test_scenario_step_query_budget_is_constant(client, login_as, db, tmp_path, count_queries):
    sync_courses(activity_course(tmp_path / "courses"))
    _db.session.commit()
    login_as(Role.MEMBER)
    token = csrf_from(client.get(SCENARIO).get_data(as_text=True))
    play = client.post(SCENARIO + "/pogingen", data={"csrf_token": token}).headers["Location"]
    client.get(play)
    with count_queries() as first:
        html = client.get(play).get_data(as_text=True)
    assert "<h1" in html
    assert not [s for s in first if "course_version.files" in s]
    assert len(first) == 3, first  # the user; the course with enrollment and progress; the attempt with its answers


def test_the_kept_outline_marks_this_members_progress_and_this_page(client, login_as, db, tmp_path):
    _import(tmp_path / "courses")
    login_as(Role.MEMBER)
    client.post("/leren/testcursus/begin/een/klaar",
                data={"csrf_token": csrf_from(client.get("/leren/testcursus/begin/een").get_data(as_text=True))})
    html = client.get(LESSON).get_data(as_text=True)
    outline = html[html.index('class="course-outline"'):]
    assert '<li class="is-done"><a href="/leren/testcursus/begin/een">Les een</a>' in outline
    assert '(gedaan)' in outline.split("Les twee")[0]
    assert outline.count('aria-current="page"') == 1
    assert '<a href="/leren/testcursus/begin/twee" aria-current="page">Les twee</a>' in outline
    login_as(Role.MEMBER)  # another member, same worker: nothing done yet
    other = client.get(LESSON).get_data(as_text=True)
    assert "is-done" not in other and "(gedaan)" not in other
