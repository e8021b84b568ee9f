"""Renewing a certificate with the course's refresher instead of the whole course.

A member whose newest certificate for a course expires within the refresher window (the newest
version's `refresher_before_days` before expiry up to `refresher_after_days` after) is offered the
refresher; passing every step of it, in attempts begun inside the window, issues a new certificate
that renews the old one. Services flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import refresher_window, renew
from app.content.activities import kind_of
from app.courses import version_cache
from app.courses.services import newest_version_ids
from app.courses.models import CourseVersion
from app.db_types import utcnow
from app.extensions import db
from app.learn.refresher import Offer, register_offers, steps
from app.learn.signals import refresher_attempt_finished
from app.quizzes.models import Attempt
from app.quizzes.services import counted


def newest_per_course(certificates: list[Certificate]) -> dict[int, Certificate]:
    newest: dict[int, Certificate] = {}
    for certificate in sorted(certificates, key=lambda c: (c.issued_at, c.id)):
        if certificate.revoked_at is None:
            newest[certificate.course_id] = certificate
    return newest


def offers(user: User, now: datetime | None = None) -> dict[int, Offer]:
    """The member's refreshers per course: open ones, and those just renewed (to read the results)."""
    now = now or utcnow()
    certificates = list(db.session.scalars(select(Certificate).where(Certificate.user_id == user.id)))
    if not certificates:
        return {}
    by_id = {c.id: c for c in certificates}
    renewed_ids = {c.renews_id for c in certificates if c.renews_id}
    newest = newest_per_course(certificates)
    versions = newest_version_ids(newest)
    found = {}
    for course_id, certificate in newest.items():
        version = version_cache.version(versions[course_id]) if course_id in versions else None
        if version is None or certificate.id in renewed_ids:  # its renewal was revoked: the griffie decides
            continue
        renewed = by_id.get(certificate.renews_id) if certificate.renews_id else None
        # Just renewed (still inside the old certificate's window): the member may read the results.
        for renewable, is_open in ((renewed, False), (certificate, True)):
            span = refresher_window(renewable, version) if renewable else None
            if span is not None and span[0] <= now <= span[1]:
                found[course_id] = Offer(course_id=course_id, version_id=version.id, expires_at=renewable.expires_at,
                                         opens_at=span[0], closes_at=span[1], is_open=is_open,
                                         renewed_code=None if is_open else certificate.code)
                break
    return _with_passed(user, found)


def _with_passed(user: User, found: dict[int, Offer]) -> dict[int, Offer]:
    """Each offer with the refresher steps passed in attempts begun inside its window (one query)."""
    per_course = {offer.course_id: steps(offer) for offer in found.values()}
    lesson_ids = [step.id for course_steps in per_course.values() for step in course_steps]
    if not lesson_ids:
        return found
    attempts: dict[int, list[Attempt]] = {}
    for attempt in db.session.scalars(select(Attempt).where(
            Attempt.user_id == user.id, Attempt.lesson_id.in_(lesson_ids)).order_by(Attempt.number)):
        attempts.setdefault(attempt.lesson_id, []).append(attempt)
    out = {}
    for course_id, offer in found.items():
        passed = set()
        for step in per_course[course_id]:
            spec = kind_of(step.kind).from_json(step.spec or {})
            inside = [a for a in attempts.get(step.id, []) if a.started_at >= offer.opens_at]
            best = counted(spec, inside)
            if best is not None and best.passed:
                passed.add(step.id)
        out[course_id] = replace(offer, passed=frozenset(passed))
    return out


def renew_if_complete(user: User, course_id: int, now: datetime | None = None) -> Certificate | None:
    """Renew the member's certificate once every step of the open refresher is passed."""
    now = now or utcnow()
    offer = offers(user, now).get(course_id)
    if offer is None or not offer.is_open:
        return None
    refresher_steps = steps(offer)
    if not refresher_steps or any(step.id not in offer.passed for step in refresher_steps):
        return None
    old = newest_per_course(list(db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id, Certificate.course_id == course_id))))[course_id]
    return renew(old, db.session.get(CourseVersion, offer.version_id), now)


@refresher_attempt_finished.connect
def _on_refresher_attempt(attempt: Attempt, **_extra) -> None:
    version = version_cache.version(attempt.lesson.version_id)
    if version is not None and attempt.passed:
        renew_if_complete(db.session.get(User, attempt.user_id), version.course_id)


register_offers(offers)
