"""Two requests completing the same course at once: exactly one certificate (PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.extensions import db as _db
from app.learn.models import Enrollment
from tests.conftest import IS_POSTGRES
from tests.quizzes.test_concurrency import race

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL for real concurrency")


def test_concurrent_completion_issues_one_certificate(app, login_as, course, db):
    from app.certificates.services import issue_certificate
    from app.learn.services import start_enrollment

    user = login_as(Role.MEMBER)
    enrollment_id = start_enrollment(user, course).id
    db.session.commit()

    def issue(i):
        return issue_certificate(_db.session.get(Enrollment, enrollment_id)).code

    results = race(app, issue)
    assert all(isinstance(r, str) for r in results), results
    assert results[0] == results[1]
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_concurrent_retake_presses_and_completions_give_one_round_and_one_new_certificate(app, login_as, course, db):
    from datetime import timedelta

    from app.certificates.services import issue_certificate
    from app.db_types import utcnow
    from app.learn.retake import start_round
    from app.learn.services import start_enrollment

    user = login_as(Role.MEMBER)
    enrollment = start_enrollment(user, course)
    enrollment.completed_at = utcnow() - timedelta(days=800)
    db.session.flush()
    old = issue_certificate(enrollment)
    old.issued_at = old.expires_at = utcnow() - timedelta(days=1)
    old_code = old.code
    enrollment_id, version_id = enrollment.id, course.id
    db.session.commit()

    def press(i):
        return start_round(_db.session.get(Enrollment, enrollment_id), version_id, utcnow())

    pressed = race(app, press)
    assert sorted(pressed, key=str) == [False, True], pressed  # the second press waits for the first and changes nothing

    def complete(i):
        again = _db.session.get(Enrollment, enrollment_id)
        again.completed_at = utcnow()
        return issue_certificate(again).code

    results = race(app, complete)
    assert all(isinstance(r, str) for r in results), results
    assert results[0] == results[1] != old_code
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2
