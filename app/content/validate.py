"""Every check of `flask courses validate`, as pure functions over parsed files."""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from flask_babel import gettext as _

from app.content import schema
from app.content.images import FORMATS, MAX_PIXELS, inspect, too_many_pixels
from app.content.links import find_links, is_external, resolve
from app.content.loader import load_tree
from app.content.pitfalls import check_body
from app.content.refresher import check_refresher
from app.content.problems import Problem
from app.content.activities import KINDS
from app.content.frontmatter import key_line
from app.content.slots import check_slots
from app.content.structure import ParsedCourse, ParsedLesson, SourceFile

LINK_SCHEMES = {"http", "https", "mailto"}
MAX_PATH = 300  # the longest path a course file may have: the database column holds no more
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def validate_tree(path: Path) -> tuple[list[ParsedCourse], list[Problem]]:
    """Load and check a folder; the courses are safe to import only when no problem is an error."""
    courses, problems = load_tree(path)
    for course in courses:
        problems.extend(validate_course(course))
    return courses, sorted(set(problems))


def validate_course(course: ParsedCourse) -> list[Problem]:
    lessons = lesson_paths(course.files)
    problems = check_file(course.source, schema.COURSE, lessons, course.files.keys())
    for module in course.modules:
        problems += check_file(module.source, schema.MODULE, lessons, course.files.keys())
        for lesson in module.lessons:
            problems += check_lesson(lesson, lessons, course.files.keys())
    return problems + check_refresher(course) + _check_image_files(course)


def lesson_paths(paths) -> set[str]:
    """Every path a link may point to as a lesson. A lesson file that failed to parse is reported
    once, not again by every link to it."""
    return {path for path in paths if path.endswith(".md") and "/" in path and posixpath.basename(path) != "module.md"}


def check_file(source: SourceFile, keys: dict[str, schema.Key], lessons, file_paths,
               activity: bool = False) -> list[Problem]:
    """The checks of one parsed file that need nothing of the others but their paths: front matter
    (unless `keys` is None), body pitfalls (not for activities: choices are our syntax, not Markdown
    lists), links, images and slots."""
    problems = [] if keys is None else schema.check_meta(source, keys)
    if not activity:
        problems += check_body(source.display, source.body, source.body_line)
    problems += _check_links(source, lessons, file_paths)
    return problems + [Problem(source.display, line, message) for line, message in check_slots(source.body, source.body_line)]


def check_lesson(lesson: ParsedLesson, lessons, file_paths) -> list[Problem]:
    """Every check of one lesson, quiz or scenario file."""
    meta_problems = schema.check_meta(lesson.source, schema.BY_KIND.get(lesson.kind, schema.LESSON))
    return (meta_problems + _check_activity(lesson, didactic=not meta_problems)
            + check_file(lesson.source, None, lessons, file_paths, activity=lesson.kind != "lesson"))


def _check_image_files(course: ParsedCourse) -> list[Problem]:
    """An image arriving by ZIP or from a folder must be what its name says; a renamed file is refused."""
    folder = posixpath.dirname(course.source.display)
    problems = []
    for path, data in sorted(course.files.items()):
        extension = posixpath.splitext(path)[1].lower()
        if len(path) > MAX_PATH:
            problems.append(Problem(f"{folder}/{path[:80]}…", 1, _(
                "de naam van dit bestand is te lang (meer dan %(max)d tekens); kies een kortere naam", max=MAX_PATH)))
            continue
        if extension not in IMAGE_TYPES:
            continue
        found = inspect(data)
        if found is None or extension not in FORMATS[found[0]]:
            problems.append(Problem(f"{folder}/{path}", 1, _(
                "dit bestand is geen echte %(kind)s-afbeelding (de inhoud past niet bij de naam)",
                kind=extension.lstrip(".").upper())))
        elif too_many_pixels(found[1], found[2]):
            problems.append(Problem(f"{folder}/{path}", 1, _(
                "deze afbeelding heeft te veel pixels (meer dan %(max)d miljoen); maak hem kleiner",
                max=MAX_PIXELS // 1_000_000)))
    return problems


def lessons_of(course: ParsedCourse) -> list[ParsedLesson]:
    return [lesson for module in course.modules for lesson in module.lessons]


def parse_activity(lesson: ParsedLesson):
    """The parsed quiz or scenario of a lesson file, with its issues as (line, message)."""
    source = lesson.source
    return KINDS[lesson.kind].parse(source.meta, source.body, source.body_line)


def _check_activity(lesson: ParsedLesson, didactic: bool = True) -> list[Problem]:
    if lesson.kind not in KINDS:
        return []
    spec, issues = parse_activity(lesson)
    source = lesson.source
    problems = [Problem(source.display, line, message) for line, message in issues]
    if issues or not didactic:  # the didactic checks need an activity that parses cleanly
        return problems
    pass_mark_line = key_line(source.text, "pass_mark") if "pass_mark" in source.meta else None
    return problems + [Problem(source.display, line, message, severity)
            for line, message, severity in KINDS[lesson.kind].didactic(spec, source.body_line, pass_mark_line)]


def _check_links(source: SourceFile, lesson_paths, file_paths) -> list[Problem]:
    problems = []
    for link in find_links(source.body, source.body_line):
        if link.is_image:
            problems += _check_image(source, link.line, link.text, link.target, file_paths)
            continue
        scheme = urlsplit(link.target).scheme
        if scheme and scheme not in LINK_SCHEMES:
            problems.append(Problem(source.display, link.line, _("links mogen alleen http, https of mailto gebruiken, niet '%(scheme)s'", scheme=scheme)))
        elif not is_external(link.target) and link.target.split("#")[0].endswith(".md"):
            resolved = resolve(source.rel, link.target)
            if resolved is None or resolved[0] not in lesson_paths:
                problems.append(Problem(source.display, link.line, _("link naar een les die niet bestaat: %(target)s", target=link.target)))
    return problems


def _check_image(source: SourceFile, line: int, alt: str, target: str, file_paths) -> list[Problem]:
    problems = []
    if not alt.strip():
        problems.append(Problem(source.display, line, _("afbeelding zonder alt-tekst: beschrijf in de [ ] wat er te zien is")))
    if is_external(target):
        problems.append(Problem(source.display, line, _(
            "afbeeldingen van andere websites worden niet geladen (dat verraadt wie er leert); zet de afbeelding in de map images/ van de cursus")))
        return problems
    resolved = resolve(source.rel, target)
    extension = posixpath.splitext(target)[1].lower()
    if extension not in IMAGE_TYPES:
        problems.append(Problem(source.display, line, _("gebruik een PNG-, JPEG- of WebP-afbeelding, niet '%(target)s'", target=target)))
    elif resolved is None or resolved[0] not in file_paths:
        problems.append(Problem(source.display, line, _("afbeelding niet gevonden: %(target)s", target=target)))
    return problems
