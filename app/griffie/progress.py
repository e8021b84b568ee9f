"""Who must take which course by when, and how far they are: derived, never typed in.

A member's assignments are their own plus those of every group they are in now, so someone who
joins a group later gets its assignments. Several assignments of one course count as one, with
the earliest deadline. Everything here runs in a fixed number of queries, however large the
council.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from app.auth.models import Function, Role, User
from app.certificates.models import Certificate
from app.db_types import AMSTERDAM
from app.extensions import db
from app.assignments.services import assigned_pairs
from app.learn.models import Enrollment, LessonProgress
from app.learn.services import current_versions


class State(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    EXPIRED = "expired"  # completed, but the certificate ran out: to be taken again (see certificate_validity)

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    State.NOT_STARTED: _l("Nog niet begonnen"),
    State.IN_PROGRESS: _l("Bezig"),
    State.COMPLETED: _l("Afgerond"),
    State.OVERDUE: _l("Te laat"),
    State.EXPIRED: _l("Certificaat verlopen"),
}


def derive_state(completed_at: datetime | None, lessons_done: int, deadline: date | None, today: date,
                 is_expired: bool = False) -> State:
    if completed_at is not None:
        return State.EXPIRED if is_expired else State.COMPLETED
    if deadline is not None and today > deadline:
        return State.OVERDUE
    return State.IN_PROGRESS if lessons_done else State.NOT_STARTED


@dataclass(frozen=True)
class Row:
    """One member and one course assigned to them."""

    user_id: int
    name: str
    function: Function | None
    has_accepted: bool
    course_id: int
    course_slug: str
    course_title: str
    deadline: date | None
    state: State
    completed_at: datetime | None


def certificate_validity(today: date):
    """(user_id, course_id, valid): per member and course with a certificate that is not revoked, 1 when
    one of them is still valid on `today` (Dutch day), else 0.

    The rule for 'completed': a completed course counts as done while the member holds a valid
    certificate for it; when every one they hold has run out, the row says 'Certificaat verlopen' until
    they take the course again (or renew it with the refresher). Only revoked certificates leave the
    completion as it was: the griffie revoked them on purpose.
    """
    start = datetime.combine(today, time(0, 0), AMSTERDAM).astimezone(UTC)
    valid = case((or_(Certificate.expires_at.is_(None), Certificate.expires_at >= start), 1), else_=0)
    return (select(Certificate.user_id, Certificate.course_id, func.max(valid).label("valid"))
            .where(Certificate.revoked_at.is_(None)).group_by(Certificate.user_id, Certificate.course_id))


def expired_course_ids(certificates: list[Certificate], now: datetime) -> set[int]:
    """The courses of one member's certificates (any order) for which every one not revoked has run out."""
    kept = [c for c in certificates if c.revoked_at is None]
    return {c.course_id for c in kept} - {c.course_id for c in kept if c.status(now) == "valid"}


def rows_for(organisation_id: int, today: date, user_ids: set[int] | None = None) -> list[Row]:
    """Every active member's assigned courses with their derived state, sorted by name and course."""
    pairs = assigned_pairs(organisation_id).subquery()
    query = (
        select(User.id, User.name, User.function, User.password_hash.is_not(None), pairs.c.course_id,
               pairs.c.deadline)
        .join(pairs, pairs.c.user_id == User.id)
        .where(User.organisation_id == organisation_id, User.role == Role.MEMBER, User.active_clause(today))
    )
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    assigned = db.session.execute(query).all()
    courses = {v.course_id: v for v in current_versions()}
    progress = _progress_of(organisation_id)
    expired = _expired_of(organisation_id, today)
    rows = []
    for user_id, name, function, accepted, course_id, deadline in assigned:
        version = courses.get(course_id)
        if version is None:
            continue  # a course without versions cannot be taken
        completed_at, done = progress.get((user_id, course_id), (None, 0))
        rows.append(Row(user_id, name, function, accepted, course_id, version.course.slug, version.title,
                        deadline, derive_state(completed_at, done, deadline, today, (user_id, course_id) in expired),
                        completed_at))
    rows.sort(key=lambda r: (r.name.casefold(), r.course_title.casefold(), r.user_id))
    return rows


def _progress_of(organisation_id: int) -> dict[tuple[int, int], tuple[datetime | None, int]]:
    """(user, course) -> (completed at, lessons done) for the organisation's members, in one query."""
    done = (select(LessonProgress.enrollment_id, func.count().label("done"))
            .group_by(LessonProgress.enrollment_id).subquery())
    result = db.session.execute(
        select(Enrollment.user_id, Enrollment.course_id, Enrollment.completed_at, func.coalesce(done.c.done, 0))
        .join(User, User.id == Enrollment.user_id)
        .outerjoin(done, done.c.enrollment_id == Enrollment.id)
        .where(User.organisation_id == organisation_id)
    ).all()
    return {(user_id, course_id): (completed_at, count) for user_id, course_id, completed_at, count in result}


def _expired_of(organisation_id: int, today: date) -> set[tuple[int, int]]:
    """(user, course) pairs of the organisation's members whose certificates all ran out, in one query."""
    validity = certificate_validity(today).subquery()
    return {(user_id, course_id) for user_id, course_id in db.session.execute(
        select(validity.c.user_id, validity.c.course_id).join(User, User.id == validity.c.user_id)
        .where(User.organisation_id == organisation_id, validity.c.valid == 0))}
