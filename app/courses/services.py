"""Import course folders into versions. Services flush; the caller commits."""
from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import BindParameter, bindparam, func, select

from app.content import Problem, images, validate_tree
from app.content.files import materialised, relative
from app.content.links import resolve
from app.content.render import render_inline, render_markdown
from app.content.schema import COUNCIL_FUNCTIONS, REFRESHER_AFTER_DAYS, REFRESHER_BEFORE_DAYS
from app.content.slots import render_with_slots
from app.content.structure import ParsedCourse, ParsedLesson, SourceFile
from app.content.validate import IMAGE_TYPES, parse_activity
from app.courses.models import Course, CourseAsset, CourseVersion, Lesson, Module
from app.extensions import db

LESSON_PATH = "/leren/{course}/{module}/{lesson}"
ASSET_PATH = "/leren/media/{version}/{path}"


class ContentInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class SyncReport:
    created: list[CourseVersion] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return digest.hexdigest()


def sync_courses(path: Path) -> SyncReport:
    """Validate everything under path, then import each changed course as a new version.

    Raises ContentInvalid, having written nothing, when any file has an error. Running it
    again on the same files adds nothing.
    """
    courses, problems = validate_tree(path)
    return _import_all(courses, problems)


def sync_files(files: dict[str, bytes]) -> SyncReport:
    """sync_courses for files in memory laid out like courses/ ('<slug>/course.md': bytes, ...).

    The web ZIP import and publishing a draft come through here: the same folder, the same
    validator and the same importer as `flask courses sync`. Problems name 'slug/path'.
    """
    with materialised(files) as root:
        courses, problems = validate_tree(root)
        return _import_all(courses, relative(problems, root))


def _import_all(courses: list[ParsedCourse], problems: list[Problem]) -> SyncReport:
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentInvalid(errors)
    report = SyncReport(warnings=problems)
    for parsed in courses:
        version = import_course(parsed)
        if version is None:
            report.unchanged.append(parsed.slug)
        else:
            report.created.append(version)
    return report


def newest_numbers(course_ids: Iterable[int] | BindParameter | None = None):
    """A subquery of (course_id, number) with each course's newest version number, for joins; limited to
    `course_ids` when given (a list, or an expanding bindparam for a statement built once)."""
    query = select(CourseVersion.course_id, func.max(CourseVersion.number).label("number"))
    if course_ids is not None:
        query = query.where(CourseVersion.course_id.in_(course_ids))
    return query.group_by(CourseVersion.course_id).subquery()


def is_newest(newest):
    """The join condition of CourseVersion on a newest_numbers() subquery."""
    return (CourseVersion.course_id == newest.c.course_id) & (CourseVersion.number == newest.c.number)


def _newest_ids_statement():
    newest = newest_numbers(bindparam("course_ids", expanding=True))
    return select(CourseVersion.course_id, CourseVersion.id).join(newest, is_newest(newest))


# Built once: the course page of a finished member asks twice per request (refresher and retake).
_NEWEST_IDS = _newest_ids_statement()


def newest_version_ids(course_ids: Iterable[int]) -> dict[int, int]:
    """course_id -> id of its newest version, in one query."""
    ids = sorted(set(course_ids))
    if not ids:
        return {}
    return dict(db.session.execute(_NEWEST_IDS, {"course_ids": ids}).all())


def latest_version(course: Course) -> CourseVersion | None:
    return db.session.scalar(
        select(CourseVersion).where(CourseVersion.course_id == course.id).order_by(CourseVersion.number.desc()).limit(1)
    )


def import_course(parsed: ParsedCourse, lesson_path: str = LESSON_PATH, asset_path: str = ASSET_PATH) -> CourseVersion | None:
    """Write parsed as the next version of its course; None when it is the same as the latest.

    lesson_path and asset_path shape the links in the rendered HTML (the authoring preview renders
    draft files with the same `Renderers` and its own link shapes, without importing anything).
    """
    files = {path: images.cleaned(data) if posixpath.splitext(path)[1].lower() in IMAGE_TYPES else data
             for path, data in parsed.files.items()}  # no camera or GPS data reaches learners, however it arrived
    digest = content_hash(files)
    course = db.session.scalar(select(Course).where(Course.slug == parsed.slug))
    if course is None:
        course = Course(slug=parsed.slug)
        db.session.add(course)
        db.session.flush()
    elif (latest := latest_version(course)) is not None and latest.content_hash == digest:
        return None
    number = (db.session.scalar(select(func.max(CourseVersion.number)).where(CourseVersion.course_id == course.id)) or 0) + 1
    meta = parsed.source.meta
    version = CourseVersion(
        course=course, number=number, content_hash=digest, title=meta["title"], summary=meta["summary"],
        audience=list(meta.get("audience", COUNCIL_FUNCTIONS)), sources=list(meta.get("sources", [])),
        validity_months=meta["validity"] if isinstance(meta.get("validity"), int) else None,
        valid_for_term=meta.get("validity") == "raadsperiode", language=meta.get("lang", "nl"),
        files={p: data.decode("utf-8") for p, data in parsed.files.items() if p.endswith(".md")},
    )
    refresher = meta.get("refresher")
    if refresher:
        version.refresher_before_days = meta.get("refresher_before_days", REFRESHER_BEFORE_DAYS)
        version.refresher_after_days = meta.get("refresher_after_days", REFRESHER_AFTER_DAYS)
    db.session.add(version)
    db.session.flush()
    _add_assets(version, files)
    renderers = Renderers.for_course(parsed, version.id, version.language or "nl", lesson_path, asset_path)
    version.intro_html = renderers.block(parsed.source)(parsed.source.body)
    sequence = 0
    for parsed_module in parsed.modules:
        module_meta = parsed_module.source.meta
        module = Module(
            version=version, position=parsed_module.position, slug=parsed_module.slug, title=module_meta["title"],
            summary=module_meta.get("summary", ""), sources=list(module_meta.get("sources", [])),
            intro_html=renderers.block(parsed_module.source)(parsed_module.source.body),
            is_refresher=parsed_module.slug == refresher,
        )
        db.session.add(module)
        for parsed_lesson in parsed_module.lessons:
            sequence += 1
            lesson = Lesson(version_id=version.id, sequence=sequence, slug=parsed_lesson.slug, title=parsed_lesson.title,
                            minutes=parsed_lesson.minutes, kind=parsed_lesson.kind, html="")
            lesson.html, spec = render_lesson(renderers, parsed_lesson)
            if spec is not None:
                lesson.spec = spec
            module.lessons.append(lesson)
    db.session.flush()
    return version


def render_lesson(renderers: Renderers, lesson: ParsedLesson) -> tuple[str, dict | None]:
    """A lesson file as stored: its HTML, and for a quiz or scenario its rendered spec as JSON."""
    source = lesson.source
    if lesson.kind == "lesson":
        return renderers.block(source)(source.body), None
    spec, _issues = parse_activity(lesson)
    rendered = spec.rendered(renderers.block(source), renderers.inline(source))
    return rendered.intro, rendered.to_json()


def _add_assets(version: CourseVersion, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        content_type = IMAGE_TYPES.get(posixpath.splitext(path)[1].lower())
        if content_type:
            db.session.add(CourseAsset(version_id=version.id, path=path, content_type=content_type, data=data))


class Renderers:
    """Markdown renderers per source file, so relative links resolve from where they are written.
    The import and the authoring preview (which renders one draft file at a time) share them."""

    def __init__(self, course_slug: str, lessons: dict[str, tuple[str, str]], language: str,
                 lesson_path: str = LESSON_PATH, asset_path: str = ASSET_PATH, version_id: int | None = None) -> None:
        self.course_slug = course_slug
        self.version_id = version_id
        self.language = language
        self.lesson_path = lesson_path
        self.asset_path = asset_path
        self.lessons = lessons  # course-relative path of each lesson file: (module slug, lesson slug)

    @classmethod
    def for_course(cls, parsed: ParsedCourse, version_id: int, language: str, lesson_path: str,
                   asset_path: str) -> Renderers:
        lessons = {lesson.source.rel: (module.slug, lesson.slug) for module in parsed.modules for lesson in module.lessons}
        return cls(parsed.slug, lessons, language, lesson_path, asset_path, version_id)

    def _resolvers(self, source: SourceFile):
        def link(target: str) -> str | None:
            resolved = resolve(source.rel, target)
            if resolved is None or resolved[0] not in self.lessons:
                return None
            module_slug, lesson_slug = self.lessons[resolved[0]]
            url = self.lesson_path.format(course=self.course_slug, module=module_slug, lesson=lesson_slug)
            return f"{url}#{resolved[1]}" if resolved[1] else url

        def image(target: str) -> str | None:
            resolved = resolve(source.rel, target)
            return None if resolved is None else self.asset_path.format(version=self.version_id, path=resolved[0])

        return link, image

    def block(self, source: SourceFile) -> Callable[[str], str]:
        link, image = self._resolvers(source)
        return lambda text: render_with_slots(
            text, lambda part: render_markdown(part, link=link, image=image, language=self.language))

    def inline(self, source: SourceFile) -> Callable[[str], str]:
        link, image = self._resolvers(source)
        return lambda text: render_inline(text, link=link, image=image)
