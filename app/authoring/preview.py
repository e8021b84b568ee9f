"""Preview a draft exactly as learners will see it, straight from its files.

Nothing is imported and nothing is written: the page reads the draft (or, before anyone opened one,
the newest version's files), places every file by its path, parses and checks each through
app.content and renders only what the page shows (the requested step, or the course page's
introduction) with the importer's own renderers, then shows it with the learner templates. Parsed,
checked and rendered files are kept per process under their content hash (`draft_parts`), so a
repeated preview costs about the same for 12 lessons as for 500.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from app.authoring import draft_parts as parts
from app.authoring.models import CourseDraft, DraftAsset
from app.authoring.services import find_draft
from app.content import Problem
from app.content.loader import COURSE_FILE
from app.content.schema import COUNCIL_FUNCTIONS
from app.content.structure import ParsedLesson, SourceFile
from app.courses.models import Course, CourseAsset, CourseVersion
from app.courses.services import ContentInvalid, Renderers, latest_version
from app.extensions import db

Needed = Callable[[str], bool]


class PreviewInvalid(ContentInvalid):
    """A file the page needs has errors; `files` are the draft's paths, to link each problem to its editor."""

    def __init__(self, problems: list[Problem], files: set[str]) -> None:
        super().__init__(problems)
        self.files = files


@dataclass(eq=False)
class DraftModule:
    id: int
    position: int
    slug: str
    title: str
    summary: str
    lessons: list[DraftLesson] = field(default_factory=list)
    is_refresher: bool = False  # the module course.md names as its refresher: apart from the course path


@dataclass(eq=False)
class DraftLesson:
    """A step as the learner templates read it; its HTML is rendered only when a page shows it."""

    id: int
    sequence: int
    slug: str
    title: str
    minutes: int | None
    kind: str
    module: DraftModule
    path: str
    render: Callable[[], tuple[str, Any]] = field(repr=False)

    @property
    def is_activity(self) -> bool:
        return self.kind != "lesson"

    @property
    def html(self) -> str:
        return self.render()[0]

    @property
    def spec(self) -> Any:
        return self.render()[1]


@dataclass(eq=False)
class DraftVersion:
    number: int
    title: str
    summary: str
    language: str
    sources: list[dict[str, Any]]
    audience: list[str]
    intro: Callable[[], str] = field(repr=False)
    sidebar_key: tuple = ()  # the outline's HTML beside each step is kept under this (app.learn.sidebar)

    @property
    def intro_html(self) -> str:
        return self.intro()


@dataclass
class Preview:
    version: DraftVersion
    outline: list[DraftModule]
    ordered: list[DraftLesson]
    is_published: bool  # the draft equals the newest version
    left_out: list[str] = field(default_factory=list)  # files with errors this preview does without
    # Learners see the refresher only while it can renew their certificate; the trainer always, apart.
    refresher: DraftModule | None = None

    def find(self, module_slug: str, lesson_slug: str) -> DraftLesson | None:
        steps = self.ordered + (self.refresher.lessons if self.refresher else [])
        return next((lesson for lesson in steps
                     if lesson.module.slug == module_slug and lesson.slug == lesson_slug), None)


def needed_for(module_slug: str, lesson_slug: str) -> Needed:
    """Which draft paths a lesson's preview cannot do without: course.md, its module.md and its own file."""
    module = re.compile(rf"^\d+-{re.escape(module_slug)}/")

    def needed(path: str) -> bool:
        if path == COURSE_FILE:
            return True
        if not module.match(path):
            return False
        name = path.split("/", 1)[1]
        return name == "module.md" or re.fullmatch(rf"\d+-{re.escape(lesson_slug)}\.md", name) is not None

    return needed


def draft_preview(course: Course, lesson_path: str, asset_path: str, needed: Needed | None = None) -> Preview:
    """The course's draft as a learner would see it once published. PreviewInvalid when a file it
    needs has errors (`needed`, see needed_for; None: every file); other broken files are left out."""
    draft = find_draft(course)
    latest = latest_version(course)
    if draft is None:  # nobody opened the draft yet: it would be a copy of the newest version
        files = dict(latest.files) if latest is not None else {}
        assets = _asset_paths(CourseAsset, CourseAsset.version_id, latest.id if latest else None)
    else:
        files = dict(draft.files)
        assets = _asset_paths(DraftAsset, DraftAsset.draft_id, draft.id)
    hashes = {path: parts.digest(text) for path, text in files.items()}
    published = latest is not None and (draft is None or _equals_version(draft, hashes, latest))
    number = latest.number if published and latest else (latest.number + 1 if latest else 1)
    return _build(course.slug, files, hashes, assets, lesson_path, asset_path, needed, number, published)


def _asset_paths(model, column, owner: int | None) -> list[str]:
    if owner is None:
        return []
    return list(db.session.scalars(select(model.path).where(column == owner)))


_version_keys = parts.Kept(256)


def _markdown_key(hashes: dict[str, bytes]) -> bytes:
    return parts.paths_key(f"{path}\0{hashes[path].hex()}" for path in sorted(hashes) if path.endswith(".md"))


def _equals_version(draft: CourseDraft, hashes: dict[str, bytes], version: CourseVersion) -> bool:
    """Would publishing make no new version? The version's Markdown is hashed once per process (a version
    never changes); the images are compared in the database, so no image is loaded."""
    def version_key() -> bytes:
        return _markdown_key({path: parts.digest(text) for path, text in version.files.items()})

    if _markdown_key(hashes) != _version_keys.get((version.id, version.content_hash), version_key):
        return False
    same = select(CourseAsset.id).where(CourseAsset.version_id == version.id, CourseAsset.path == DraftAsset.path,
                                        CourseAsset.data == DraftAsset.data)
    drafts, versions, differing = db.session.execute(select(
        select(func.count()).select_from(DraftAsset).where(DraftAsset.draft_id == draft.id).scalar_subquery(),
        select(func.count()).select_from(CourseAsset).where(CourseAsset.version_id == version.id).scalar_subquery(),
        select(func.count()).select_from(DraftAsset).where(DraftAsset.draft_id == draft.id, ~exists(same))
        .scalar_subquery(),
    )).one()
    return drafts == versions and not differing


@dataclass
class _Analysis:
    """A whole draft parsed and checked: what depends on its files alone, kept under their hashes."""

    sources: dict[str, SourceFile]
    errors: list[tuple[Problem, set[str]]]  # each error with the paths it touches (a folder's: the files in it)
    broken: set[str]
    placed: parts.Layout


@dataclass
class _Shown:
    outline: list[DraftModule]
    ordered: list[DraftLesson]
    language: str
    intro: Callable[[], str]
    sidebar_key: tuple
    refresher: DraftModule | None = None


_analyses = parts.Kept(32)
_shown = parts.Kept(32)


def _build(slug: str, files: dict[str, str], hashes: dict[str, bytes], assets: list[str], lesson_path: str,
           asset_path: str, needed: Needed | None, number: int, published: bool) -> Preview:
    paths = tuple(sorted({*files, *assets}))
    paths_key = parts.paths_key(paths)
    files_key = parts.paths_key(f"{path}\0{hashes[path].hex()}" for path in sorted(hashes))
    locale = str(get_locale())
    analysis = _analyses.get((files_key, paths_key, locale), lambda: _analyse(files, hashes, paths, paths_key, locale))
    blocking = sorted({problem for problem, touched in analysis.errors
                       if needed is None or any(needed(path) for path in touched)})
    if blocking:
        raise PreviewInvalid(blocking, set(paths))
    key = (files_key, paths_key, slug, lesson_path, asset_path)
    shown = _shown.get(key, lambda: _outline(slug, analysis, hashes, paths_key, lesson_path, asset_path, key))
    meta = analysis.sources[COURSE_FILE].meta
    version = DraftVersion(number=number, title=str(meta["title"]), summary=str(meta["summary"]),
                           language=shown.language, sources=list(meta.get("sources", [])),
                           audience=list(meta.get("audience", COUNCIL_FUNCTIONS)), intro=shown.intro,
                           sidebar_key=shown.sidebar_key)
    left_out = sorted(analysis.broken & set(paths))
    return Preview(version=version, outline=shown.outline, ordered=shown.ordered,
                   is_published=published and not left_out, left_out=left_out, refresher=shown.refresher)


def _analyse(files: dict[str, str], hashes: dict[str, bytes], paths: tuple[str, ...], paths_key: bytes,
             locale: str) -> _Analysis:
    """Every file placed, parsed and checked as `flask courses validate` would (each file's result is kept
    on its own too, so after an edit only that file is done again)."""
    placed = parts.layout(paths, locale)
    problems = list(placed.problems)
    sources: dict[str, SourceFile] = {}

    def parse(path: str) -> SourceFile | None:
        got, found = parts.checked(path, files[path], hashes[path], paths, paths_key, locale)
        problems.extend(found)
        if got is not None:
            sources[path] = got
        return got

    if COURSE_FILE not in files:
        problems.append(Problem(COURSE_FILE, 1, _("course.md ontbreekt in deze cursusmap")))
    elif parse(COURSE_FILE) is not None:
        modules = [module for module in placed.modules if parse(module.path) is not None]
        for module in modules:
            if not [lesson for lesson in module.lessons if parse(lesson.path) is not None]:
                problems.append(Problem(module.path, 1, _("de module heeft geen lessen")))
        if not modules:
            problems.append(Problem(COURSE_FILE, 1, _("de cursus heeft geen modules")))
    errors = [(problem, _touched(problem, paths)) for problem in problems if problem.is_error]
    return _Analysis(sources, errors, set().union(*(touched for _problem, touched in errors)), placed)


def _touched(problem: Problem, paths: tuple[str, ...]) -> set[str]:
    if problem.path in paths:
        return {problem.path}
    # A folder, or a module.md that is missing: the files in that folder.
    folder = problem.path if any(p.startswith(problem.path + "/") for p in paths) else problem.path.rsplit("/", 1)[0]
    return {problem.path} | {p for p in paths if p.startswith(folder + "/")}


def _outline(slug: str, analysis: _Analysis, hashes: dict[str, bytes], paths_key: bytes, lesson_path: str,
             asset_path: str, key: tuple) -> _Shown:
    """The modules and steps learners would see; a step's HTML is rendered when a page reads it."""
    sources, broken = analysis.sources, analysis.broken
    language = sources[COURSE_FILE].meta.get("lang", "nl")
    # Links lead to every placed lesson, even a broken one: its preview then names its errors.
    renderers = Renderers(slug, {lesson.path: (module.slug, lesson.slug) for module in analysis.placed.modules
                                 for lesson in module.lessons}, language, lesson_path, asset_path)
    renderers_key = (slug, lesson_path, asset_path, language, paths_key)

    def render(path: str, lesson: bool = True) -> Callable[[], tuple[str, Any]]:
        return lambda: parts.rendered(sources[path], hashes[path], renderers, renderers_key, lesson)

    refresher_slug = sources[COURSE_FILE].meta.get("refresher")
    outline: list[DraftModule] = []
    ordered: list[DraftLesson] = []
    refresher: DraftModule | None = None
    refresher_steps: list[DraftLesson] = []
    for module in analysis.placed.modules:
        if module.path in broken or module.path not in sources:
            continue
        meta = sources[module.path].meta
        is_refresher = module.slug == refresher_slug
        # As the importer numbers them: the course path 1, 2, 3 ..., the refresher's steps after it.
        steps = refresher_steps if is_refresher else ordered
        shown = DraftModule(0 if is_refresher else len(outline) + 1, module.position, module.slug, str(meta["title"]),
                            meta.get("summary", ""), is_refresher=is_refresher)
        for placed in module.lessons:
            if placed.path in broken or placed.path not in sources:
                continue
            parsed = ParsedLesson(placed.slug, placed.position, sources[placed.path])
            lesson = DraftLesson(len(steps) + 1, len(steps) + 1, parsed.slug, parsed.title, parsed.minutes,
                                 parsed.kind, shown, placed.path, render(placed.path))
            shown.lessons.append(lesson)
            steps.append(lesson)
        if is_refresher:
            refresher = shown
        else:
            outline.append(shown)
    for lesson in refresher_steps:  # ids apart from the course path's, so "done" and links never mix them up
        lesson.id = lesson.sequence = len(ordered) + lesson.sequence
    intro = render(COURSE_FILE, lesson=False)
    return _Shown(outline, ordered, language, lambda: intro()[0], ("preview", *key), refresher)
