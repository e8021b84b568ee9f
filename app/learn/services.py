"""What a member sees of their courses and how they move through them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.courses.models import Course, CourseVersion, Lesson, Module
from app.courses.services import is_newest, latest_version, newest_numbers
from app.courses.version_cache import VersionInfo, versions
from app.db_types import utcnow
from app.extensions import db
from app.learn.models import Enrollment, LessonProgress
from app.learn.signals import course_completed


@dataclass(frozen=True)
class CourseRef:
    """A course as a learner's page needs it: a course row never changes once made."""

    id: int
    slug: str


@dataclass
class CourseCard:
    course: CourseRef
    version: VersionInfo
    enrollment: Enrollment | None
    lessons_total: int
    lessons_done: int
    is_assigned: bool = False
    deadline: date | None = None  # set by the griffie through an assignment

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0

    def is_overdue(self, today: date) -> bool:
        return self.deadline is not None and today > self.deadline and self.state != "completed"

    @property
    def state(self) -> str:
        if self.enrollment is None or not self.lessons_done and self.enrollment.completed_at is None:
            return "not_started"
        return "completed" if self.enrollment.completed_at else "in_progress"


def audience_key(user: User) -> str | None:
    """Which audience a user is; None means every course (griffie, trainers, administrators)."""
    if user.role == Role.MEMBER:
        return user.function.value if user.function else "anders"
    return None


def may_take(user: User, version: CourseVersion) -> bool:
    key = audience_key(user)
    return key is None or version.is_for(key)


def current_versions() -> list[CourseVersion]:
    newest = newest_numbers()
    query = (
        select(CourseVersion)
        .join(newest, is_newest(newest))
        .options(selectinload(CourseVersion.course))
        .order_by(CourseVersion.title)
    )
    return list(db.session.scalars(query))


def course_titles() -> dict[int, str]:
    """course_id -> title of its newest version."""
    return {v.course_id: v.title for v in current_versions()}


def _newest_with_slugs():
    newest = newest_numbers()
    return (select(CourseVersion.course_id, CourseVersion.id, Course.slug).join(newest, is_newest(newest))
            .join(Course, Course.id == CourseVersion.course_id).order_by(CourseVersion.title))


# Each course's newest version, in title order, with the course's address; built once.
_NEWEST = _newest_with_slugs()
_ENROLLMENTS = select(Enrollment).where(Enrollment.user_id == bindparam("user_id"))


def course_cards(user: User, deadlines: dict[int, date | None] | None = None) -> list[CourseCard]:
    """The courses open to user with their progress, in a fixed number of queries. The versions come
    from the per-process cache (app/courses/version_cache.py): a published version never changes.

    deadlines holds the courses the griffie assigned (course_id -> deadline or None): those come
    first, soonest deadline first, and are shown even when the course is meant for another audience.
    """
    deadlines = deadlines or {}
    enrollments = {e.course_id: e for e in db.session.scalars(_ENROLLMENTS, {"user_id": user.id})}
    newest = db.session.execute(_NEWEST).all()
    infos = versions([row.id for row in newest] + [e.version_id for e in enrollments.values()])
    key = audience_key(user)
    shown: dict[int, tuple[CourseRef, VersionInfo]] = {}
    for course_id, version_id, slug in newest:
        if key is None or infos[version_id].is_for(key) or course_id in enrollments or course_id in deadlines:
            enrollment = enrollments.get(course_id)
            shown[course_id] = (CourseRef(course_id, slug), infos[enrollment.version_id if enrollment else version_id])
    totals = dict(db.session.execute(
        path_lessons(select(Lesson.version_id, func.count()))
        .where(Lesson.version_id.in_([version.id for _, version in shown.values()]))
        .group_by(Lesson.version_id)
    ).all())
    done = dict(db.session.execute(
        select(LessonProgress.enrollment_id, func.count())
        .where(LessonProgress.enrollment_id.in_([e.id for e in enrollments.values()]))
        .group_by(LessonProgress.enrollment_id)
    ).all()) if enrollments else {}
    cards = []
    for course_id, (course, version) in shown.items():
        enrollment = enrollments.get(course_id)
        cards.append(CourseCard(
            course=course, version=version, enrollment=enrollment,
            lessons_total=totals.get(version.id, 0), lessons_done=done.get(enrollment.id, 0) if enrollment else 0,
            is_assigned=course_id in deadlines, deadline=deadlines.get(course_id),
        ))
    cards.sort(key=lambda c: (not c.is_assigned, c.deadline is None, c.deadline or date.max))  # stable: titles stay in order
    return cards


def find_enrollment(user: User, course: Course) -> Enrollment | None:
    return _enrollment(user.id, course.id)


# The statements every "Klaar" runs, built once (building them cost as much as running them).
_ENROLLMENT = select(Enrollment).where(Enrollment.user_id == bindparam("user_id"),
                                       Enrollment.course_id == bindparam("course_id"))
_DONE_IDS = select(LessonProgress.lesson_id).where(LessonProgress.enrollment_id == bindparam("enrollment_id"))
_IS_DONE = select(LessonProgress.id).where(LessonProgress.enrollment_id == bindparam("enrollment_id"),
                                           LessonProgress.lesson_id == bindparam("lesson_id"))


def _enrollment(user_id: int, course_id: int) -> Enrollment | None:
    return db.session.scalar(_ENROLLMENT, {"user_id": user_id, "course_id": course_id})


def version_for(user: User, course: Course) -> CourseVersion | None:
    """The version a member takes: the one they started, otherwise the newest."""
    enrollment = find_enrollment(user, course)
    return enrollment.version if enrollment else latest_version(course)


def path_lessons(query):
    """query limited to the lessons of the normal path: the refresher does not count toward completion."""
    return query.select_from(Lesson).join(Module, Module.id == Lesson.module_id).where(Module.is_refresher.is_(False))


_STEPS = path_lessons(select(func.count())).where(Lesson.version_id == bindparam("version_id"))  # built once


def load_outline(version: CourseVersion, include_refresher: bool = False) -> list[Module]:
    query = select(Module).where(Module.version_id == version.id).options(selectinload(Module.lessons))
    if not include_refresher:
        query = query.where(Module.is_refresher.is_(False))
    return list(db.session.scalars(query.order_by(Module.position)))


def done_lesson_ids(enrollment: Enrollment | None) -> set[int]:
    if enrollment is None:
        return set()
    return set(db.session.scalars(_DONE_IDS, {"enrollment_id": enrollment.id}))


def start_enrollment(user: User, version: CourseVersion) -> Enrollment:
    """The member's enrollment in the course, created on first use; safe when two requests race.

    version may be a cached VersionInfo: only its id and course_id are read."""
    existing = _enrollment(user.id, version.course_id)
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            enrollment = Enrollment(user_id=user.id, course_id=version.course_id, version_id=version.id)
            db.session.add(enrollment)
    except IntegrityError:
        enrollment = _enrollment(user.id, version.course_id)
        assert enrollment is not None
    return enrollment


def complete_lesson(enrollment: Enrollment, lesson: Lesson) -> bool:
    """Record a reading lesson as done (once, however often it is posted). True when the course is now complete."""
    if lesson.is_activity:
        raise ValueError("a knowledge check or scenario is done by passing it, not by pressing on")
    record_done(enrollment, lesson)
    return check_completion(enrollment)


def record_done(enrollment: Enrollment, lesson: Lesson) -> None:
    if lesson.version_id != enrollment.version_id:
        raise ValueError("lesson belongs to another version than the enrollment")
    exists = db.session.scalar(_IS_DONE, {"enrollment_id": enrollment.id, "lesson_id": lesson.id})
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id))
        except IntegrityError:
            pass  # a double click or a second tab got there first


def clear_done(enrollment: Enrollment, lesson: Lesson) -> None:
    """A later attempt that counts and fails undoes 'passed' (only when the last attempt counts)."""
    db.session.execute(LessonProgress.__table__.delete().where(
        LessonProgress.enrollment_id == enrollment.id, LessonProgress.lesson_id == lesson.id))


def check_completion(enrollment: Enrollment) -> bool:
    """Mark the course complete when every step is done. True only at the moment it becomes complete.

    Completion is a fact that stays: a later failed retry does not take it back.
    """
    if enrollment.completed_at is not None:
        return False
    total = db.session.scalar(_STEPS, {"version_id": enrollment.version_id})
    if len(done_lesson_ids(enrollment)) >= (total or 0):
        enrollment.completed_at = utcnow()
        db.session.flush()
        course_completed.send(enrollment)  # certificates subscribe (app.certificates.services)
        return True
    return False


def resume_lesson(outline: list[Module], done: set[int]) -> Lesson | None:
    """Where to go on: the first lesson not yet done."""
    for module in outline:
        for lesson in module.lessons:
            if lesson.id not in done:
                return lesson
    return None


def review_lessons(activity: Lesson) -> list[Lesson]:
    """The reading lessons of the activity's module: what to read again after the last failed attempt."""
    return [lesson for lesson in activity.module.lessons if not lesson.is_activity]
