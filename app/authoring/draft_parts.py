"""A draft's files one at a time, for the preview: where each sits (by the loader's rules for names and
places), each parsed and checked (by app.content), each rendered (by the importer's renderers).

What a file gives depends only on its path, its text and a few things named in the key (the course's
paths, the language, the link shapes), so results are kept per process under the text's hash: an edited
file has a new hash and is simply new, and nothing needs forgetting but the least recently used.
"""
from __future__ import annotations

import hashlib
import posixpath
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from flask_babel import gettext as _

from app.content import Problem, frontmatter, schema
from app.content.loader import COURSE_FILE, IGNORED_NAMES, MODULE_FILE, numbered
from app.content.structure import ParsedLesson, SourceFile
from app.content.validate import check_file, check_lesson, lesson_paths
from app.courses.services import Renderers, render_lesson


class Kept:
    """A bounded mapping, least recently used out first; safe for a threaded worker."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two threads may both make it, and both get the same
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_layouts = Kept(64)
_checks = Kept(20_000)
_path_sets = Kept(64)
_rendered = Kept(2_000)


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def clear() -> None:
    for kept in (_layouts, _checks, _path_sets, _rendered):
        kept.clear()


# -- where files sit -------------------------------------------------------------------------------

@dataclass
class PlacedLesson:
    position: int
    slug: str
    path: str


@dataclass
class PlacedModule:
    position: int
    slug: str
    folder: str
    lessons: list[PlacedLesson] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{self.folder}/{MODULE_FILE}"


@dataclass
class Layout:
    modules: list[PlacedModule]
    problems: list[Problem]  # what names and places alone tell


def layout(paths: tuple[str, ...], locale: str) -> Layout:
    """The course's modules and lessons as `app.content.loader` finds them in a folder, from paths alone
    (`locale`: the language of the messages)."""
    return _layouts.get((paths, locale), lambda: _layout(paths))


def _layout(paths: tuple[str, ...]) -> Layout:
    problems: list[Problem] = []
    children: dict[str, set[str]] = {}  # folder -> names directly in it
    folders = {""}
    for path in paths:
        parts = path.split("/")
        for depth in range(len(parts)):
            folder = "/".join(parts[:depth])
            children.setdefault(folder, set()).add(parts[depth])
            if depth:
                folders.add(folder)
    modules: list[PlacedModule] = []
    seen: dict[str, str] = {}
    for name in sorted(children.get("", ())):
        if name in folders and name != "images":
            module = _module(name, children, folders, problems)
            if module is None:
                continue
            if module.slug in seen:
                problems.append(Problem(name, 1, _("dubbele slug '%(slug)s': ook gebruikt door %(other)s",
                                                   slug=module.slug, other=seen[module.slug])))
                continue
            seen[module.slug] = name
            modules.append(module)
        elif name not in folders and name != COURSE_FILE and name not in IGNORED_NAMES:
            problems.append(Problem(name, 1, _("dit bestand hoort niet in een cursusmap en wordt genegeerd"), "warning"))
    modules.sort(key=lambda m: m.position)
    return Layout(modules, problems)


def _module(folder: str, children: dict[str, set[str]], folders: set[str],
            problems: list[Problem]) -> PlacedModule | None:
    position_slug = numbered(folder, folder, problems)
    names = children.get(folder, set())
    if MODULE_FILE not in names:
        problems.append(Problem(f"{folder}/{MODULE_FILE}", 1, _("module.md ontbreekt in deze modulemap")))
        return None
    if position_slug is None:
        return None
    module = PlacedModule(position_slug[0], position_slug[1], folder)
    seen: dict[str, str] = {}
    for name in sorted(names):
        path = f"{folder}/{name}"
        if name in (MODULE_FILE, *IGNORED_NAMES):
            continue
        if path in folders or not name.endswith(".md"):
            problems.append(Problem(path, 1, _("alleen lesbestanden (.md) horen in een modulemap; dit wordt genegeerd"),
                                    "warning"))
            continue
        lesson = numbered(PurePosixPath(name).stem, path, problems)
        if lesson is None:
            continue
        if lesson[1] in seen:
            problems.append(Problem(path, 1, _("dubbele slug '%(slug)s': ook gebruikt door %(other)s",
                                               slug=lesson[1], other=seen[lesson[1]])))
            continue
        seen[lesson[1]] = path
        module.lessons.append(PlacedLesson(lesson[0], lesson[1], path))
    module.lessons.sort(key=lambda lesson: lesson.position)
    return module


# -- each file parsed, checked and rendered ---------------------------------------------------------

def checked(path: str, text: str, hashed: bytes, paths: tuple[str, ...], paths_key: bytes,
            locale: str) -> tuple[SourceFile | None, list[Problem]]:
    """The file split into front matter and body (None when that fails) and every problem `flask courses
    validate` finds in it; links and images are checked against the course's paths (`paths_key`: their hash)."""
    return _checks.get((path, hashed, paths_key, locale),
                       lambda: _checked(path, text, *_path_sets.get(paths_key, lambda: _sets(paths))))


def _sets(paths: tuple[str, ...]) -> tuple[set[str], frozenset[str]]:
    return lesson_paths(paths), frozenset(paths)


def _checked(path: str, text: str, lessons: set[str], paths: frozenset[str]) -> tuple[SourceFile | None, list[Problem]]:
    try:
        meta, body, body_line = frontmatter.split(text)
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(path, exc.line, exc.message)]
    parsed = SourceFile(path=PurePosixPath(path), display=path, rel=path, text=text, meta=meta, body=body,  # type: ignore[arg-type]
                        body_line=body_line)
    if path == COURSE_FILE:
        return parsed, check_file(parsed, schema.COURSE, lessons, paths)
    if posixpath.basename(path) == MODULE_FILE:
        return parsed, check_file(parsed, schema.MODULE, lessons, paths)
    return parsed, check_lesson(ParsedLesson(slug="", position=0, source=parsed), lessons, paths)


def rendered(parsed: SourceFile, hashed: bytes, renderers: Renderers, renderers_key: tuple,
             lesson: bool = True) -> tuple[str, Any]:
    """The file's HTML as the importer stores it (and a quiz's or scenario's spec as JSON)."""
    def render() -> tuple[str, Any]:
        if lesson:
            return render_lesson(renderers, ParsedLesson(slug="", position=0, source=parsed))
        return renderers.block(parsed)(parsed.body), None

    return _rendered.get((parsed.rel, hashed, renderers_key, lesson), render)


def paths_key(paths: Iterable[str]) -> bytes:
    return digest("\0".join(paths))
