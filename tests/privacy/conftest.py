"""A member with something in every table that can hold personal data."""
from __future__ import annotations

from datetime import date

import pytest

from app.audit.services import record
from app.extensions import db
from app.griffie.models import Reminder
from app.learn import services as learn
from app.mail import send_email
from app.quizzes.models import Answer, Attempt
from app.auth.totp import enable_with_secret, new_recovery_codes
from app.turnover.models import Turnover, TurnoverStep
from tests.factories import TOTP_SECRET, CertificateFactory
from tests.griffie.conftest import assign, do_lessons, frozen, griffier, make_group, member_of  # noqa: F401


@pytest.fixture
def rich_member(griffier, member_of, course):  # noqa: F811
    member = member_of("Rijk Lid", email="rijk@voorbeeld.nl")
    group = make_group("Raad", griffier.organisation_id, [member])
    assign(course, user=member, deadline=date(2026, 12, 31))
    assign(course, group=group)
    do_lessons(member, course, 2)
    enrollment = learn.start_enrollment(member, course)
    attempt = Attempt(user_id=member.id, enrollment_id=enrollment.id, lesson_id=course.lessons[0].id, number=1,
                      seed="abc", score=1, passed=True)
    attempt.answers.append(Answer(step=1, node="vraag-1", choices=["a"], correct=True, points=1))
    db.session.add(attempt)
    db.session.add(Reminder(organisation_id=member.organisation_id, user_id=member.id, course_id=course.course_id,
                            kind="upcoming", deadline=date(2026, 12, 31), is_sent=True))
    certificate = CertificateFactory(user=member, course_title="Testcursus")
    enable_with_secret(member, TOTP_SECRET)  # a member who turned the second factor on has recovery codes
    new_recovery_codes(member)
    db.session.flush()
    record("member.invited", actor=griffier, organisation_id=member.organisation_id, target=member)
    turnover = Turnover(organisation_id=member.organisation_id, created_by_id=griffier.id, request_key="rijk",
                        installation_on=date(2027, 3, 30), plan={})
    db.session.add(turnover)
    db.session.flush()
    db.session.add(TurnoverStep(turnover_id=turnover.id, kind="assigned", user_id=member.id))
    send_email(member.email, "Herinnering", "Beste Rijk Lid, je deadline nadert.")
    db.session.commit()
    member.certificate = certificate
    return member
