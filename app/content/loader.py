"""Read a course folder (or a folder of courses) into ParsedCourse objects."""
from __future__ import annotations

import re
from pathlib import Path

from flask_babel import gettext as _

from app.content import frontmatter
from app.content.problems import Problem
from app.content.structure import ParsedCourse, ParsedLesson, ParsedModule, SourceFile

COURSE_FILE = "course.md"
MODULE_FILE = "module.md"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBERED = re.compile(r"^(\d+)-(.+)$")
IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


def load_tree(path: Path) -> tuple[list[ParsedCourse], list[Problem]]:
    """A single course folder (it has course.md) or a folder whose subfolders are courses."""
    path = Path(path)
    problems: list[Problem] = []
    if not path.is_dir():
        return [], [Problem(str(path), 1, _("map niet gevonden"))]
    if (path / COURSE_FILE).is_file():
        roots, base = [path], path.parent
    else:
        roots = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
        base = path
    courses = []
    for root in roots:
        course = _load_course(root, base, problems)
        if course is not None:
            courses.append(course)
    return courses, problems


def _display(path: Path, base: Path) -> str:
    # Paths are built by joining onto the folder the caller named, so they read as typed.
    return path.as_posix()


def _read(path: Path, course_root: Path, base: Path, problems: list[Problem]) -> SourceFile | None:
    display = _display(path, base)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(display, 1, _("het bestand is geen UTF-8-tekst")))
        return None
    try:
        meta, body, body_line = frontmatter.split(text)
    except frontmatter.FrontMatterError as exc:
        problems.append(Problem(display, exc.line, exc.message))
        return None
    rel = path.relative_to(course_root).as_posix()
    return SourceFile(path=path, display=display, rel=rel, text=text, meta=meta, body=body, body_line=body_line)


def numbered(name: str, display: str, problems: list[Problem]) -> tuple[int, str] | None:
    match = NUMBERED.match(name)
    if not match:
        problems.append(Problem(display, 1, _("de naam moet beginnen met een volgnummer, zoals '01-%(name)s'", name=name)))
        return None
    position, slug = int(match.group(1)), match.group(2)
    if not SLUG.match(slug):
        problems.append(Problem(display, 1, _("'%(slug)s' mag alleen kleine letters, cijfers en streepjes bevatten", slug=slug)))
        return None
    return position, slug


def _load_course(root: Path, base: Path, problems: list[Problem]) -> ParsedCourse | None:
    display = _display(root, base)
    if not SLUG.match(root.name):
        problems.append(Problem(display, 1, _("de mapnaam van een cursus mag alleen kleine letters, cijfers en streepjes bevatten")))
        return None
    course_md = root / COURSE_FILE
    if not course_md.is_file():
        problems.append(Problem(_display(course_md, base), 1, _("course.md ontbreekt in deze cursusmap")))
        return None
    source = _read(course_md, root, base, problems)
    if source is None:
        return None
    course = ParsedCourse(slug=root.name, path=root, source=source)
    course.files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in IGNORED_NAMES
    }
    seen: dict[str, str] = {}
    for child in sorted(root.iterdir()):
        if child.is_dir() and child.name != "images":
            module = _load_module(child, root, base, problems)
            if module is None:
                continue
            if module.slug in seen:
                problems.append(Problem(_display(child, base), 1, _("dubbele slug '%(slug)s': ook gebruikt door %(other)s", slug=module.slug, other=seen[module.slug])))
                continue
            seen[module.slug] = _display(child, base)
            course.modules.append(module)
        elif child.is_file() and child.name != COURSE_FILE and child.name not in IGNORED_NAMES:
            problems.append(Problem(_display(child, base), 1, _("dit bestand hoort niet in een cursusmap en wordt genegeerd"), "warning"))
    course.modules.sort(key=lambda m: m.position)
    if not course.modules:
        problems.append(Problem(source.display, 1, _("de cursus heeft geen modules")))
    return course


def _load_module(folder: Path, root: Path, base: Path, problems: list[Problem]) -> ParsedModule | None:
    display = _display(folder, base)
    position_slug = numbered(folder.name, display, problems)
    module_md = folder / MODULE_FILE
    if not module_md.is_file():
        problems.append(Problem(_display(module_md, base), 1, _("module.md ontbreekt in deze modulemap")))
        return None
    source = _read(module_md, root, base, problems)
    if position_slug is None or source is None:
        return None
    module = ParsedModule(slug=position_slug[1], position=position_slug[0], source=source)
    seen: dict[str, str] = {}
    for child in sorted(folder.iterdir()):
        child_display = _display(child, base)
        if child.name in (MODULE_FILE, *IGNORED_NAMES):
            continue
        if child.is_dir() or child.suffix != ".md":
            problems.append(Problem(child_display, 1, _("alleen lesbestanden (.md) horen in een modulemap; dit wordt genegeerd"), "warning"))
            continue
        lesson_numbered = numbered(child.stem, child_display, problems)
        lesson_source = _read(child, root, base, problems)
        if lesson_numbered is None or lesson_source is None:
            continue
        position, slug = lesson_numbered
        if slug in seen:
            problems.append(Problem(child_display, 1, _("dubbele slug '%(slug)s': ook gebruikt door %(other)s", slug=slug, other=seen[slug])))
            continue
        seen[slug] = child_display
        module.lessons.append(ParsedLesson(slug=slug, position=position, source=lesson_source))
    module.lessons.sort(key=lambda lesson: lesson.position)
    if not module.lessons:
        problems.append(Problem(source.display, 1, _("de module heeft geen lessen")))
    return module
