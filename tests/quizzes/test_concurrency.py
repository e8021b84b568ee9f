"""Two requests at the same moment never record a step twice (PostgreSQL, real row locks)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db as _db
from app.learn.models import LessonProgress
from app.quizzes.models import Answer, Attempt
from tests.conftest import IS_POSTGRES

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL for real concurrency")


def race(app, fn, count=2):
    """Run fn(i) in `count` threads that start together, each with its own session."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i):
        with app.app_context():
            barrier.wait()
            try:
                results[i] = fn(i)
                _db.session.commit()
            except Exception as exc:  # noqa: BLE001 -- the race test reports what each side saw
                _db.session.rollback()
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_concurrent_answers_to_the_same_question(app, client, login_as, activities, quiz_player, db):
    from app.quizzes import services

    user = login_as(Role.MEMBER)
    quiz_player.start()
    attempt_id = quiz_player.attempt_id

    def answer(i):
        attempt = services.lock(attempt_id, _db.session.get(type(user), user.id))
        services.answer_question(attempt, 0, ["b" if i == 0 else "a"])
        return "ok"

    results = race(app, answer)
    assert sorted(str(type(r).__name__) for r in results) == ["StaleAnswer", "str"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_two_concurrent_choices_in_a_scenario(app, client, login_as, activities, scenario_player, db):
    from app.quizzes import services

    user = login_as(Role.MEMBER)
    scenario_player.start()
    attempt_id = scenario_player.attempt_id

    def choose(i):
        attempt = services.lock(attempt_id, _db.session.get(type(user), user.id))
        services.choose(attempt, "tribune", f"tribune-{i + 1}")
        return "ok"

    results = race(app, choose)
    assert sorted(type(r).__name__ for r in results) == ["StaleAnswer", "str"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
    attempt = db.session.get(Attempt, attempt_id)
    db.session.refresh(attempt)
    assert attempt.current in ("schorsen", "escalatie")


def test_concurrent_final_answers_finish_once(app, client, login_as, activities, scenario_player, db):
    """Two tabs pick the last choice at once: one attempt, one ending, one progress row."""
    from app.quizzes import services

    user = login_as(Role.MEMBER)
    scenario_player.start()
    scenario_player.choose("tribune", "tribune-1")
    attempt_id = scenario_player.attempt_id

    def finish(i):
        attempt = services.lock(attempt_id, _db.session.get(type(user), user.id))
        services.choose(attempt, "schorsen", "schorsen-2")
        return "ok"

    results = race(app, finish)
    assert sorted(type(r).__name__ for r in results) == ["StaleAnswer", "str"]
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_double_click_on_start_makes_one_enrollment_and_one_attempt(app, client, login_as, activities, db):
    from app.courses.models import Lesson
    from app.learn import services as learn
    from app.learn.models import Enrollment
    from app.quizzes import services

    user = login_as(Role.MEMBER)
    quiz = next(lesson for lesson in activities.lessons if lesson.slug == "toets")

    def start(i):
        member = _db.session.get(type(user), user.id)
        version = _db.session.get(type(activities), activities.id)
        enrollment = learn.start_enrollment(member, version)
        return services.start_attempt(member, enrollment, _db.session.get(Lesson, quiz.id)).id

    results = race(app, start)
    assert all(isinstance(r, int) for r in results), results
    assert results[0] == results[1]
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 1
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
