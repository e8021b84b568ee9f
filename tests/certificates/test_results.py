"""Mijn resultaten: the learner's own transcript, never anyone else's, in a fixed number of queries."""
from __future__ import annotations

import pytest

from app.auth.models import Role
from app.courses.services import sync_courses
from app.learn import services as learn
from app.quizzes import services as quizzes
from tests.coursefiles import activity_course
from tests.factories import CertificateFactory, UserFactory

WRONG = {0: ["a"], 1: ["a"], 2: ["a"]}
RIGHT = {0: ["b"], 1: ["a", "b"], 2: ["b"]}


@pytest.fixture
def version(db, tmp_path):
    created = sync_courses(activity_course(tmp_path / "courses")).created[0]
    db.session.commit()
    return created


def take_quiz(db, version, user, answers):
    quiz = next(lesson for lesson in version.lessons if lesson.slug == "toets")
    attempt = quizzes.start_attempt(user, learn.start_enrollment(user, version), quiz)
    for step in range(3):
        quizzes.answer_question(attempt, step, answers[step])
    db.session.commit()


def test_each_activity_with_attempts_best_score_and_pass(client, login_as, db, version):
    me = login_as(Role.MEMBER, name="Mira Lid")
    take_quiz(db, version, me, WRONG)
    take_quiz(db, version, me, RIGHT)
    CertificateFactory(user=me, course_title="Oude cursus")
    db.session.commit()
    html = client.get("/resultaten").get_data(as_text=True)
    assert "<h1>Mijn resultaten</h1>" in html and "Testcursus" in html
    row = html[html.index("Toets herkennen"):].split("</tr>")[0]
    assert '<td class="num">2</td>' in row and "100%" in row and "Geslaagd" in row
    assert "nog niet gedaan" in html  # the scenario
    assert "Oude cursus" in html and "Nog niet afgerond." in html
    assert 'aria-current="page">Mijn resultaten' in html


def test_never_shows_someone_elses_scores(client, login_as, db, version):
    other = UserFactory(organisation=login_as(Role.MEMBER).organisation)
    db.session.commit()
    take_quiz(db, version, other, RIGHT)
    CertificateFactory(user=other, course_title="Cursus van een ander")
    db.session.commit()
    html = client.get("/resultaten").get_data(as_text=True)
    assert "100%" not in html and "Cursus van een ander" not in html
    assert "Je bent nog aan geen cursus begonnen." in html


def test_query_count_does_not_grow_with_attempts(client, login_as, db, version, count_queries):
    me = login_as(Role.MEMBER)
    take_quiz(db, version, me, WRONG)
    with count_queries() as few:
        client.get("/resultaten")
    take_quiz(db, version, me, RIGHT)  # a second attempt, a certificate, and a scenario attempt
    CertificateFactory(user=me)
    scenario = next(lesson for lesson in version.lessons if lesson.slug == "tribune")
    quizzes.start_attempt(me, learn.start_enrollment(me, version), scenario)
    db.session.commit()
    with count_queries() as many:
        client.get("/resultaten")
    assert len(many) == len(few)


def test_the_page_prints_without_menus():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "app/static/css/weerbaar.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".site-header" in css[css.index("@media print"):]
