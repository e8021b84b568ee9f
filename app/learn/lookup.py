"""Find the course step a URL names, in the version the current member takes."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.courses.models import Course, CourseVersion, Lesson, Module
from app.extensions import db
from app.assignments.services import deadlines_for
from app.learn import services
from app.learn.forms import CompleteLessonForm


@dataclass
class Step:
    course: Course
    version: CourseVersion
    outline: list[Module]
    ordered: list[Lesson]
    lesson: Lesson

    @property
    def index(self) -> int:
        return self.ordered.index(self.lesson)

    @property
    def previous(self) -> Lesson | None:
        return self.ordered[self.index - 1] if self.index else None

    @property
    def next(self) -> Lesson | None:
        return self.ordered[self.index + 1] if self.index + 1 < len(self.ordered) else None

    def page_context(self, done: set[int]) -> dict:
        """What the lesson and activity-start templates need; learners and the trainer's preview share it."""
        return dict(step=self, course=self.course, version=self.version, outline=self.outline, lesson=self.lesson,
                    previous=self.previous, next=self.next, number=self.index + 1, total=len(self.ordered),
                    done=done, form=CompleteLessonForm())


def course_and_version(course_slug: str) -> tuple[Course, CourseVersion]:
    """404 for an unknown course and for one not meant for the current user."""
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    version = services.version_for(current_user, course) if course else None
    if course is None or version is None or not _may_open(version):
        abort(404)
    return course, version


def _may_open(version: CourseVersion) -> bool:
    """Meant for them, or assigned to them by the griffie (which may choose beyond the audience)."""
    return services.may_take(current_user, version) or version.course_id in deadlines_for(current_user)


def load_step(course_slug: str, module_slug: str, lesson_slug: str) -> Step:
    course, version = course_and_version(course_slug)
    outline = services.load_outline(version)
    ordered = [lesson for module in outline for lesson in module.lessons]
    for module in outline:
        if module.slug == module_slug:
            for lesson in module.lessons:
                if lesson.slug == lesson_slug:
                    return Step(course, version, outline, ordered, lesson)
    abort(404)
