"""What belongs to a published course version, computed once per process and kept.

A version never changes once written (progress points at it), so its outline, its metadata and
its lessons' HTML need no invalidation: the first request in a worker loads them, the rest read
plain Python objects. Per-user state (enrollment, progress) stays a small query per request.
The trainer's preview does not come here: it reads the draft's files (app/authoring/preview.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.courses.models import CourseVersion, Lesson, Module
from app.extensions import db

_versions: dict[int, VersionInfo] = {}
_outlines: dict[int, Outline] = {}
_lesson_bodies: dict[int, tuple[str, Any]] = {}


@dataclass(frozen=True)
class VersionInfo:
    id: int
    course_id: int
    number: int
    title: str
    summary: str
    intro_html: str
    audience: tuple[str, ...]
    sources: tuple[dict[str, Any], ...]
    language: str = "nl"  # what the course is written in; its text gets lang=".." where the page differs
    refresher_before_days: int | None = None  # None: the course has no refresher
    refresher_after_days: int | None = None

    def is_for(self, audience_key: str | None) -> bool:
        return audience_key is not None and audience_key in self.audience


@dataclass(eq=False)
class ModuleInfo:
    id: int
    position: int
    slug: str
    title: str
    summary: str
    lessons: list[LessonInfo] = field(default_factory=list)


@dataclass(eq=False)
class LessonInfo:
    id: int
    version_id: int
    module_id: int
    sequence: int
    slug: str
    title: str
    minutes: int | None
    kind: str
    module: ModuleInfo

    @property
    def is_activity(self) -> bool:
        return self.kind != "lesson"

    @property
    def html(self) -> str:
        return lesson_html(self.id)

    @property
    def spec(self) -> Any:
        return lesson_spec(self.id)


@dataclass(frozen=True)
class Outline:
    """The normal path (modules, ordered, by_slugs) and, apart from it, the refresher module if any."""

    modules: list[ModuleInfo]
    ordered: list[LessonInfo]
    by_slugs: dict[tuple[str, str], LessonInfo]
    refresher: ModuleInfo | None = None

    def find_refresher_step(self, module_slug: str, lesson_slug: str) -> LessonInfo | None:
        if self.refresher is None or self.refresher.slug != module_slug:
            return None
        return next((step for step in self.refresher.lessons if step.slug == lesson_slug), None)

    def find(self, module_slug: str, lesson_slug: str) -> LessonInfo | None:
        return self.by_slugs.get((module_slug, lesson_slug))


_INFO_COLUMNS = (CourseVersion.id, CourseVersion.course_id, CourseVersion.number, CourseVersion.title,
                 CourseVersion.summary, CourseVersion.intro_html, CourseVersion.audience, CourseVersion.sources,
                 CourseVersion.language, CourseVersion.refresher_before_days, CourseVersion.refresher_after_days)


def _info(row) -> VersionInfo:
    return VersionInfo(
        id=row.id, course_id=row.course_id, number=row.number, title=row.title, summary=row.summary,
        intro_html=row.intro_html or "", audience=tuple(row.audience or ()), sources=tuple(row.sources or ()),
        language=row.language or "nl", refresher_before_days=row.refresher_before_days,
        refresher_after_days=row.refresher_after_days,
    )


def version(version_id: int) -> VersionInfo | None:
    """The version's metadata, without its stored files (loaded only for export and comparison)."""
    if version_id not in _versions:
        row = db.session.execute(select(*_INFO_COLUMNS).where(CourseVersion.id == version_id)).first()
        if row is None:
            return None
        _versions[version_id] = _info(row)
    return _versions[version_id]


def versions(version_ids) -> dict[int, VersionInfo]:
    """Several versions' metadata: those not kept yet in one query."""
    missing = {version_id for version_id in version_ids if version_id not in _versions}
    if missing:
        for row in db.session.execute(select(*_INFO_COLUMNS).where(CourseVersion.id.in_(missing))):
            _versions[row.id] = _info(row)
    return {version_id: _versions[version_id] for version_id in version_ids if version_id in _versions}


def outline(version_id: int) -> Outline:
    """Modules and their steps in course order, without any lesson's HTML."""
    if version_id not in _outlines:
        modules, refresher = {}, None
        for row in db.session.execute(
            select(Module.id, Module.position, Module.slug, Module.title, Module.summary, Module.is_refresher)
            .where(Module.version_id == version_id).order_by(Module.position)
        ):
            modules[row.id] = ModuleInfo(row.id, row.position, row.slug, row.title, row.summary or "")
            if row.is_refresher:
                refresher = modules[row.id]
        ordered = []
        for row in db.session.execute(
            select(Lesson.id, Lesson.module_id, Lesson.sequence, Lesson.slug, Lesson.title, Lesson.minutes, Lesson.kind)
            .where(Lesson.version_id == version_id).order_by(Lesson.sequence)
        ):
            module = modules[row.module_id]
            lesson = LessonInfo(row.id, version_id, row.module_id, row.sequence, row.slug, row.title, row.minutes,
                                row.kind, module)
            module.lessons.append(lesson)
            ordered.append(lesson)
        module_list = [module for module in modules.values() if module is not refresher]
        # A module's steps follow course order; the course order follows the modules.
        ordered = [lesson for module in module_list for lesson in module.lessons]
        _outlines[version_id] = Outline(module_list, ordered, {(step.module.slug, step.slug): step for step in ordered},
                                        refresher)
    return _outlines[version_id]


def _body(lesson_id: int) -> tuple[str, Any]:
    if lesson_id not in _lesson_bodies:
        row = db.session.execute(select(Lesson.html, Lesson.spec).where(Lesson.id == lesson_id)).one()
        _lesson_bodies[lesson_id] = (row.html, row.spec)
    return _lesson_bodies[lesson_id]


def lesson_html(lesson_id: int) -> str:
    """The lesson's stored (rendered, sanitised) HTML; only this lesson's row is read."""
    return _body(lesson_id)[0]


def lesson_spec(lesson_id: int) -> Any:
    """The frozen quiz or scenario spec as stored (JSON); callers must not change it."""
    return _body(lesson_id)[1]


def clear() -> None:
    """Forget everything; for tests, whose databases reuse ids."""
    _versions.clear()
    _outlines.clear()
    _lesson_bodies.clear()
