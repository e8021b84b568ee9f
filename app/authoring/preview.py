"""Preview a draft exactly as learners will see it.

The draft is imported with the real importer (`import_course`) inside a savepoint that is
always rolled back, and shown with the learner templates. So the preview is the same code
path as publishing, with nothing kept. When the draft equals the newest version, the
preview simply is that version.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.authoring.models import CourseDraft
from app.authoring.services import parse_draft
from app.content import Problem
from app.courses.models import CourseVersion, Lesson, Module
from app.courses.services import ContentInvalid, import_course, latest_version
from app.extensions import db
from app.learn.services import load_outline


@dataclass
class Preview:
    version: CourseVersion
    outline: list[Module]
    is_published: bool  # the draft equals the newest version

    @property
    def ordered(self) -> list[Lesson]:
        return [lesson for module in self.outline for lesson in module.lessons]

    def find(self, module_slug: str, lesson_slug: str) -> Lesson | None:
        return next((lesson for lesson in self.ordered
                     if lesson.module.slug == module_slug and lesson.slug == lesson_slug), None)


@contextmanager
def draft_preview(draft: CourseDraft, lesson_path: str, asset_path: str) -> Iterator[Preview]:
    """Yield the draft imported as a version, then undo the import. ContentInvalid when it has errors."""
    courses, problems = parse_draft(draft)
    errors = [p for p in problems if p.is_error]
    if errors or not courses:
        raise ContentInvalid(errors or [Problem("course.md", 1, "course.md ontbreekt")])
    savepoint = db.session.begin_nested()
    try:
        version = import_course(courses[0], lesson_path=lesson_path, asset_path=asset_path)
        published = version is None
        if version is None:
            version = latest_version(draft.course)
            assert version is not None
        yield Preview(version=version, outline=load_outline(version), is_published=published)
    finally:
        savepoint.rollback()
