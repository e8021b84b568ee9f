"""Preview a draft exactly as learners will see it.

The draft is imported with the real importer (`import_course`) inside a savepoint that is
always rolled back, and shown with the learner templates. So the preview is the same code
path as publishing, with nothing kept. When the draft equals the newest version, the
preview simply is that version.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from app.authoring.models import CourseDraft
from app.authoring.services import draft_files, parse_draft
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
    left_out: list[str] = field(default_factory=list)  # files with errors this preview does without

    @property
    def ordered(self) -> list[Lesson]:
        return [lesson for module in self.outline for lesson in module.lessons]

    def find(self, module_slug: str, lesson_slug: str) -> Lesson | None:
        return next((lesson for lesson in self.ordered
                     if lesson.module.slug == module_slug and lesson.slug == lesson_slug), None)


MAX_ROUNDS = 5  # leaving one file out can break a link in another; a few rounds settle it


def needed_for(module_slug: str, lesson_slug: str):
    """Which draft paths a lesson's preview cannot do without: course.md, its module.md and its own file."""
    module = re.compile(rf"^\d+-{re.escape(module_slug)}/")

    def needed(path: str) -> bool:
        if path == "course.md":
            return True
        if not module.match(path):
            return False
        name = path.split("/", 1)[1]
        return name == "module.md" or re.fullmatch(rf"\d+-{re.escape(lesson_slug)}\.md", name) is not None

    return needed


def _parse_leaving_out_broken(draft: CourseDraft, needed) -> tuple[list, list[str]]:
    """The draft parsed without the files that have errors, as long as none of them is needed.
    ContentInvalid (with every error) when a needed file is broken or nothing is left."""
    files, left_out = draft_files(draft), []
    for _round in range(MAX_ROUNDS):
        courses, problems = parse_draft(draft, files=files)
        errors = [p for p in problems if p.is_error]
        if not errors and courses:
            return courses, left_out
        if not errors or needed is None:
            break
        per_error = [{path for path in files if path == p.path or path.startswith(p.path.rstrip("/") + "/")}
                     for p in errors]
        broken = set().union(*per_error)
        if not all(per_error) or any(needed(path) for path in broken):
            break
        left_out += sorted(broken)
        files = {path: data for path, data in files.items() if path not in broken}
    _courses, problems = parse_draft(draft)
    raise ContentInvalid([p for p in problems if p.is_error] or [Problem("course.md", 1, "course.md ontbreekt")])


@contextmanager
def draft_preview(draft: CourseDraft, lesson_path: str, asset_path: str, needed=None) -> Iterator[Preview]:
    """Yield the draft imported as a version, then undo the import. ContentInvalid when it has errors,
    unless `needed` (see needed_for) says the broken files are not needed: then they are left out."""
    courses, left_out = _parse_leaving_out_broken(draft, needed)
    savepoint = db.session.begin_nested()
    try:
        version = import_course(courses[0], lesson_path=lesson_path, asset_path=asset_path)
        published = version is None
        if version is None:
            version = latest_version(draft.course)
            assert version is not None
        # The trainer sees the refresher too; learners only inside its window.
        yield Preview(version=version, outline=load_outline(version, include_refresher=True),
                      is_published=published and not left_out, left_out=left_out)
    finally:
        savepoint.rollback()
