"""Find the course step a URL names, in the version the current member takes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, select

from app.courses import version_cache
from app.courses.models import Course, CourseVersion
from app.extensions import db
from app.assignments.services import deadlines_for
from app.learn import services
from app.learn.forms import CompleteLessonForm
from app.learn.models import Enrollment
from app.learn.refresher import Offer, offers_for


@dataclass
class Step:
    course: Course
    version: Any  # a VersionInfo for learners, the draft's CourseVersion in the preview
    outline: list
    ordered: list
    lesson: Any  # a LessonInfo for learners, the draft's Lesson in the preview
    enrollment: Enrollment | None = None
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
                    done=done, form=CompleteLessonForm())


@dataclass
class Opened:
    course: Course
    version: version_cache.VersionInfo
    enrollment: Enrollment | None


def open_course(course_slug: str) -> Opened:
    """The course with the member's enrollment in one query; 404 for an unknown course and for one
    not meant for the current user. The version comes from the per-process cache."""
    row = db.session.execute(
        select(Course, Enrollment).where(Course.slug == course_slug)
        .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == current_user.id))
    ).first()
    if row is None:
        abort(404)
    course, enrollment = row
    version_id = enrollment.version_id if enrollment else _latest_version_id(course.id)
    version = version_cache.version(version_id) if version_id else None
    if version is None or not _may_open(version):
        abort(404)
    return Opened(course, version, enrollment)


def course_and_version(course_slug: str) -> tuple[Course, version_cache.VersionInfo]:
    opened = open_course(course_slug)
    return opened.course, opened.version


def _latest_version_id(course_id: int) -> int | None:
    return db.session.scalar(select(CourseVersion.id).where(CourseVersion.course_id == course_id)
                             .order_by(CourseVersion.number.desc()).limit(1))


def _may_open(version) -> bool:
    """Meant for them, or assigned to them by the griffie (which may choose beyond the audience)."""
    return services.may_take(current_user, version) or version.course_id in deadlines_for(current_user)


def load_step(course_slug: str, module_slug: str, lesson_slug: str) -> Step:
    opened = open_course(course_slug)
    outline = version_cache.outline(opened.version.id)
    lesson = outline.find(module_slug, lesson_slug)
    if lesson is None:
        return _refresher_step(opened, module_slug, lesson_slug)
    return Step(opened.course, opened.version, outline.modules, outline.ordered, lesson, opened.enrollment)


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
    return Step(opened.course, version, outline.modules, outline.refresher.lessons, lesson, opened.enrollment, offer)
