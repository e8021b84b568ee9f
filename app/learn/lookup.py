"""Find the course step a URL names, in the version the current member takes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, bindparam, select

from app.courses import version_cache
from app.courses.models import Course, CourseVersion
from app.extensions import db
from app.assignments.services import deadlines_for
from app.learn import services
from app.learn.services import CourseRef
from app.learn.models import Enrollment, LessonProgress
from app.learn.refresher import Offer, offers_for


@dataclass
class Step:
    course: Any  # a CourseRef for learners, the draft's Course in the preview
    version: Any  # a VersionInfo for learners, the draft's CourseVersion in the preview
    outline: list
    ordered: list
    lesson: Any  # a LessonInfo for learners, the draft's Lesson in the preview
    enrollment: EnrollmentState | None = None
    done: frozenset[int] = frozenset()  # the lessons this member has done
    refresher: Offer | None = None  # set when the step belongs to the refresher

    @property
    def index(self) -> int:
        return self.ordered.index(self.lesson)

    @property
    def previous(self):
        return self.ordered[self.index - 1] if self.index else None

    @property
    def next(self):
        return self.ordered[self.index + 1] if self.index + 1 < len(self.ordered) else None

    def page_context(self, done: set[int]) -> dict:
        """What the lesson and activity-start templates need; learners and the trainer's preview share it.
        On a refresher step, 'done' is what the member passed in this refresher window."""
        if self.refresher is not None:
            done = set(self.refresher.passed)
        return dict(step=self, course=self.course, version=self.version, outline=self.outline, lesson=self.lesson,
                    previous=self.previous, next=self.next, number=self.index + 1, total=len(self.ordered),
                    done=done)


@dataclass(frozen=True)
class EnrollmentState:
    """What a page shows of the member's enrollment. Writes load the Enrollment itself."""

    id: int
    version_id: int
    completed_at: datetime | None
    round_started_at: datetime | None  # set when the member took the course again (app/learn/retake.py)


@dataclass
class Opened:
    course: CourseRef
    version: version_cache.VersionInfo
    enrollment: EnrollmentState | None
    done: frozenset[int]


_course, _enrollment, _progress, _version = (Course.__table__, Enrollment.__table__, LessonProgress.__table__,
                                             CourseVersion.__table__)
# One statement, built once: the course, the member's enrollment, the lessons they have done (one row
# each) and the newest version (for a member who has not started). Core, not ORM: it runs on every page.
_OPEN = (
    select(_course.c.id, _course.c.slug, _enrollment.c.id.label("enrollment_id"), _enrollment.c.version_id,
           _enrollment.c.completed_at, _enrollment.c.round_started_at, _progress.c.lesson_id,
           select(_version.c.id).where(_version.c.course_id == _course.c.id).order_by(_version.c.number.desc())
           .limit(1).correlate(_course).scalar_subquery().label("latest_version_id"))
    .select_from(_course.outerjoin(_enrollment, and_(_enrollment.c.course_id == _course.c.id,
                                                     _enrollment.c.user_id == bindparam("user_id")))
                 .outerjoin(_progress, _progress.c.enrollment_id == _enrollment.c.id))
    .where(_course.c.slug == bindparam("slug"))
)


def open_course(course_slug: str) -> Opened:
    """The course with the member's enrollment and progress in one query; 404 for an unknown course
    and for one not meant for the current user. The version comes from the per-process cache."""
    rows = db.session.execute(_OPEN, {"slug": course_slug, "user_id": current_user.id}).all()
    if not rows:
        abort(404)
    first = rows[0]
    enrollment = (EnrollmentState(first.enrollment_id, first.version_id, first.completed_at, first.round_started_at)
                  if first.enrollment_id is not None else None)
    version_id = enrollment.version_id if enrollment else first.latest_version_id
    version = version_cache.version(version_id) if version_id else None
    if version is None or not _may_open(version):
        abort(404)
    done = frozenset(row.lesson_id for row in rows if row.lesson_id is not None)
    return Opened(CourseRef(first.id, first.slug), version, enrollment, done)


def course_and_version(course_slug: str) -> tuple[Course, version_cache.VersionInfo]:
    opened = open_course(course_slug)
    return opened.course, opened.version


def _may_open(version) -> bool:
    """Meant for them, or assigned to them by the griffie (which may choose beyond the audience)."""
    return services.may_take(current_user, version) or version.course_id in deadlines_for(current_user)


def load_step(course_slug: str, module_slug: str, lesson_slug: str) -> Step:
    opened = open_course(course_slug)
    outline = version_cache.outline(opened.version.id)
    lesson = outline.find(module_slug, lesson_slug)
    if lesson is None:
        return _refresher_step(opened, module_slug, lesson_slug)
    return Step(opened.course, opened.version, outline.modules, outline.ordered, lesson, opened.enrollment,
                opened.done)


def _refresher_step(opened: Opened, module_slug: str, lesson_slug: str) -> Step:
    """A step of the refresher, in the newest version; 404 for anyone without an offer (outside the window)."""
    offer = offers_for(current_user).get(opened.course.id)
    if offer is None:
        abort(404)
    outline = version_cache.outline(offer.version_id)
    lesson = outline.find_refresher_step(module_slug, lesson_slug)
    version = version_cache.version(offer.version_id)
    if lesson is None or version is None:
        abort(404)
    return Step(opened.course, version, outline.modules, outline.refresher.lessons, lesson, opened.enrollment,
                opened.done, offer)
