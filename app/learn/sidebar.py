"""The course outline beside every step, built once per version and only stitched per request.

Rendering it in Jinja cost a template call, a translation and a url_for per step of the course on
every page: most of a lesson page's time. A published version never changes, so each entry's HTML
is kept per worker (per version, language and script root); a request only chooses, per entry,
"done or not" and "this page or not".
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.content.activities import KINDS
from app.courses.version_cache import Outline, VersionInfo, outline
from app.learn.urls import lesson_url

_entries: dict[tuple, list[Module]] = {}
_previews: dict[tuple, list[Module]] = {}  # the trainer's preview: one per draft state, so only the latest few
PREVIEWS_KEPT = 32


@dataclass(frozen=True)
class Entry:
    lesson_id: int
    opening: str  # '<a href="...">'-to-be, without its closing '>'
    rest: str  # '>title</a> tag'
    plain: str  # the whole list item, not done and not this page
    done: str  # the whole list item, done and not this page


@dataclass(frozen=True)
class Module:
    heading: str
    entries: tuple[Entry, ...]


def _kind_tag(kind: str) -> str:
    if kind not in KINDS:  # a reading lesson has no tag
        return ""
    return f' <span class="tag">{escape(str(KINDS[kind].tag))}</span>'



def _marked() -> str:
    return f'<span class="visually-hidden"> ({escape(_("gedaan"))})</span>'


def _item(opening: str, rest: str, is_done: bool, current: bool) -> str:
    state = "is-done" if is_done else ""
    here = ' aria-current="page"' if current else ""
    return f'<li class="{state}">{opening}{here}{rest}{_marked() if is_done else ""}</li>\n'


def _entry(course_slug: str, module, lesson) -> Entry:
    opening = f'<a href="{escape(lesson_url(course_slug, module.slug, lesson.slug))}"'
    rest = f">{escape(lesson.title)}</a>{_kind_tag(lesson.kind)}"
    return Entry(lesson.id, opening, rest, _item(opening, rest, False, False), _item(opening, rest, True, False))


def _build(course_slug: str, modules) -> list[Module]:
    # Each item is kept whole in both states, done or not: a request only picks one per step.
    return [
        Module(
            heading=f'<li><span class="course-outline__module">{escape(module.title)}</span>\n<ol>',
            entries=tuple(_entry(course_slug, module, lesson) for lesson in module.lessons),
        )
        for module in modules
    ]


def sidebar(course_slug: str, version_id: int, outline: Outline, done: set[int], current_id: int,
            refresher: bool = False) -> Markup:
    """The outline's list items for this member on this page (the <ol> around them is the template's).
    On a refresher step only the refresher's steps: it stands apart from the course path."""
    key = (version_id, refresher, course_slug, str(get_locale()), request.script_root)
    if key not in _entries:
        _entries[key] = _build(course_slug, [outline.refresher] if refresher else outline.modules)
    return _stitch(_entries[key], done, current_id)


def preview_sidebar(course_slug: str, preview_key: tuple, modules: list, current_id: int) -> Markup:
    """The same list for the trainer's preview of a draft (`preview_key` names the draft's state)."""
    key = (preview_key, course_slug, str(get_locale()), request.script_root)
    if key not in _previews:
        if len(_previews) >= PREVIEWS_KEPT:
            del _previews[next(iter(_previews))]
        _previews[key] = _build(course_slug, modules)
    return _stitch(_previews[key], set(), current_id)


def _stitch(modules: list[Module], done: set[int], current_id: int) -> Markup:
    parts = []
    for module in modules:
        parts.append(module.heading)
        for entry in module.entries:
            if entry.lesson_id == current_id:
                parts.append(_item(entry.opening, entry.rest, entry.lesson_id in done, True))
            else:
                parts.append(entry.done if entry.lesson_id in done else entry.plain)
        parts.append("</ol>\n</li>\n")
    return Markup("".join(parts))  # every piece above is escaped


def step_sidebar(step, done: set[int]) -> Markup | None:
    """For the step templates: the kept outline for a learner's step or for the trainer's preview of a
    draft; None for anything else (the template then renders the outline itself)."""
    if g.get("preview"):
        key = getattr(step.version, "sidebar_key", None)
        return preview_sidebar(step.course.slug, key, step.outline, step.lesson.id) if key else None
    if not isinstance(step.version, VersionInfo):
        return None
    return sidebar(step.course.slug, step.version.id, outline(step.version.id), done, step.lesson.id,
                   refresher=step.refresher is not None)


def clear() -> None:
    _entries.clear()
    _previews.clear()
