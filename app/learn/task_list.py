"""The course page's task list, built once per version and only stitched per request (as sidebar.py
does for the step outline). Rendering it in Jinja cost two translations, a url_for and a macro per
step on every view of the course page; now each step's three possible states are rendered once per
worker (per version, language and script root) from the macros in learn/_task_list.html.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import get_template_attribute, request
from markupsafe import Markup

from app.courses.version_cache import Outline, VersionInfo
from app.i18n import current_language

PLACEHOLDER = "\x00"  # where the per-member count goes in a module's translated "x van y klaar"
_kept: dict[tuple, list[Module]] = {}


@dataclass(frozen=True)
class Task:
    lesson_id: int
    done: str
    here: str
    todo: str


@dataclass(frozen=True)
class Module:
    head: str
    count: str
    lessons: str
    tasks: tuple[Task, ...]
    end: str


def _build(course_slug: str, version: VersionInfo, outline: Outline) -> list[Module]:
    def macro(name: str):
        return get_template_attribute("learn/_task_list.html", name)

    head, count, lessons, task, end = (macro(name) for name in
                                       ("module_head", "module_count", "module_lessons", "task", "module_end"))
    return [
        Module(
            head=str(head(module, n, version)), count=str(count(PLACEHOLDER, len(module.lessons))),
            lessons=str(lessons(module, version)),
            tasks=tuple(Task(lesson.id, *(str(task(course_slug, version, module, lesson, state))
                                          for state in ("done", "here", "todo")))
                        for lesson in module.lessons),
            end=str(end()),
        )
        for n, module in enumerate(outline.modules, start=1)
    ]


def task_list(course_slug: str, version: VersionInfo, outline: Outline, done: frozenset[int] | set[int],
              resume_id: int | None) -> Markup:
    """The task list's modules for this member (the <ol> around them is the template's)."""
    key = (version.id, course_slug, current_language(), request.script_root)
    modules = _kept.get(key)
    if modules is None:
        modules = _kept[key] = _build(course_slug, version, outline)
    parts = []
    for module in modules:
        parts.append(module.head)
        parts.append(module.count.replace(PLACEHOLDER, str(sum(1 for t in module.tasks if t.lesson_id in done))))
        parts.append(module.lessons)
        for task in module.tasks:
            if task.lesson_id in done:
                parts.append(task.done)
            elif task.lesson_id == resume_id and done:
                parts.append(task.here)
            else:
                parts.append(task.todo)
        parts.append(module.end)
    return Markup("".join(parts))  # every piece was rendered (and escaped) by the macros


def clear() -> None:
    _kept.clear()
