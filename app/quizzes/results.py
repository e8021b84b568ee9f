"""Mijn resultaten: a learner's own transcript of courses, activities, attempts and certificates.

Only ever for the one user it is asked for, in a fixed number of queries.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User
from app.content.activities import KINDS
from app.courses.models import CourseVersion, Lesson
from app.extensions import db
from app.learn.models import Enrollment
from app.quizzes.models import Attempt
from app.quizzes.services import counted, spec_of


@dataclass
class ActivityResult:
    lesson: Lesson
    spec: object
    attempts: int = 0
    best: Attempt | None = None  # the finished attempt with the highest score
    passed: bool | None = None  # of the attempt that counts (best or last, as the activity says); None: none finished


@dataclass
class CourseResult:
    enrollment: Enrollment
    version: CourseVersion
    activities: list[ActivityResult] = field(default_factory=list)


def results_of(user: User) -> list[CourseResult]:
    """Each course the user started, newest first, with each knowledge check and scenario in it."""
    enrollments = db.session.scalars(
        select(Enrollment).where(Enrollment.user_id == user.id)
        .options(selectinload(Enrollment.version).selectinload(CourseVersion.course))
        .order_by(Enrollment.started_at.desc(), Enrollment.id.desc())).all()
    version_ids = [e.version_id for e in enrollments]
    lessons = db.session.scalars(
        select(Lesson).where(Lesson.version_id.in_(version_ids), Lesson.kind.in_(list(KINDS)))
        .options(joinedload(Lesson.module)).order_by(Lesson.sequence)).all() if version_ids else []
    attempts: dict[int, list[Attempt]] = {}
    if lessons:
        for attempt in db.session.scalars(select(Attempt).where(
                Attempt.user_id == user.id, Attempt.lesson_id.in_([lesson.id for lesson in lessons]))
                .order_by(Attempt.number)):
            attempts.setdefault(attempt.lesson_id, []).append(attempt)
    results = {e.version_id: CourseResult(enrollment=e, version=e.version) for e in enrollments}
    for lesson in lessons:
        spec = spec_of(lesson)
        mine = attempts.get(lesson.id, [])
        if lesson.module.is_refresher and not mine:
            continue  # the refresher is no step of the course: listed only once taken
        finished = [a for a in mine if a.is_finished]
        counting = counted(spec, mine)
        results[lesson.version_id].activities.append(ActivityResult(
            lesson=lesson, spec=spec, attempts=len(mine),
            best=max(finished, key=lambda a: (a.score or 0, bool(a.passed))) if finished else None,
            passed=bool(counting.passed) if counting else None))
    return list(results.values())
