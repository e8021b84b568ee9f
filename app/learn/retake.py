"""Taking a completed course again, once the member's certificate ran out.

Whether a member may retake a course depends on certificates, which sit above learn: that package
registers the function that answers (as it does for the refresher), so learn shows the offer and
starts the new round without importing it. Services flush; the caller commits.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from app.extensions import db
from app.learn.models import Enrollment, LessonProgress


@dataclass(frozen=True)
class RetakeOffer:
    """The member may take the whole course again: their newest certificate ran out (or soon will)."""

    course_id: int
    expires_at: datetime  # of the member's newest certificate for the course
    version_id: int  # the newest version: the new round is taken in it


# (user, the member's refresher offers already looked up) -> {course_id: offer}
RetakesFor = Callable[[Any, dict], dict[int, RetakeOffer]]
_source: list[RetakesFor] = []


def register_retakes(function: RetakesFor) -> RetakesFor:
    _source[:] = [function]
    return function


def retakes_for(user, offers: dict) -> dict[int, RetakeOffer]:
    """`offers`: refresher.offers_for(user), which the page has at hand; an open refresher wins."""
    return _source[0](user, offers) if _source else {}


def start_round(enrollment: Enrollment, version_id: int, now: datetime) -> bool:
    """Begin the course again in `version_id`: the progress on the path is cleared, earlier attempts
    stop counting (they stay, as does the certificate earned before). False when the member's round
    was already started again (a second press, another tab): nothing changes twice.
    """
    locked = db.session.scalar(select(Enrollment).where(Enrollment.id == enrollment.id)
                               .with_for_update().execution_options(populate_existing=True))
    if locked is None or locked.completed_at is None:
        return False
    db.session.execute(delete(LessonProgress).where(LessonProgress.enrollment_id == locked.id))
    locked.version_id = version_id
    locked.completed_at = None
    locked.round_started_at = now
    db.session.flush()
    db.session.expire(locked, ["progress", "version"])
    return True
