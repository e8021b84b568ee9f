"""When a member may take a completed course again (the whole course, not the refresher).

Offered once the member's newest certificate for the course has expired and no refresher window is
open for it, or, when the course has no refresher, from the day the expiry reminder goes out
(CERTIFICATE_REMINDER_DAYS before the end), because that mail asks the member to do the training
again. A course with a refresher waits for its window: the refresher is the shorter way.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.assignments.services import deadlines_for
from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.renewal import newest_per_course
from app.certificates.services import refresher_window
from app.courses import version_cache
from app.courses.services import newest_version_ids
from app.db_types import utcnow
from app.extensions import db
from app.learn.models import Enrollment
from app.learn.services import may_take
from app.learn.refresher import Offer
from app.learn.retake import RetakeOffer, register_retakes


def retakes(user: User, offers: dict[int, Offer], now: datetime | None = None) -> dict[int, RetakeOffer]:
    """The courses the member may take again, each with the expiry of the certificate that ran out.
    `offers` are the member's refresher offers (renewal.offers), looked up once by the caller."""
    now = now or utcnow()
    completed = set(db.session.scalars(select(Enrollment.course_id).where(
        Enrollment.user_id == user.id, Enrollment.completed_at.is_not(None))))
    if not completed:
        return {}
    certificates = list(db.session.scalars(select(Certificate).where(
        Certificate.user_id == user.id, Certificate.course_id.in_(completed))))
    renewed_ids = {c.renews_id for c in certificates if c.renews_id}
    newest = {course_id: c for course_id, c in newest_per_course(certificates).items()
              if c.expires_at is not None and c.id not in renewed_ids}  # renewal revoked: the griffie decides
    if not newest:
        return {}
    refreshing = {course_id for course_id, offer in offers.items() if offer.is_open}
    versions = newest_version_ids(newest)
    assigned: dict | None = None  # the griffie's assignments: looked up only for a course not meant for them
    days = current_app.config.get("CERTIFICATE_REMINDER_DAYS", 30)
    found = {}
    for course_id, certificate in newest.items():
        version = version_cache.version(versions[course_id]) if course_id in versions else None
        if version is None or course_id in refreshing:
            continue
        if not may_take(user, version):
            assigned = deadlines_for(user) if assigned is None else assigned
            if course_id not in assigned:
                continue  # the newest version is no longer meant for them and the griffie did not assign it
        has_refresher = refresher_window(certificate, version) is not None and bool(
            (outline := version_cache.outline(version.id).refresher) and outline.lessons)
        opens = certificate.expires_at if has_refresher else certificate.expires_at - timedelta(days=days)
        if opens <= now:
            found[course_id] = RetakeOffer(course_id=course_id, expires_at=certificate.expires_at, version_id=version.id)
    return found


register_retakes(retakes)
