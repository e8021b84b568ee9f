"""Links between course steps. The authoring preview shows the same templates and sets g.preview,
so the same links lead to preview pages there instead of to the learner's pages."""
from __future__ import annotations

from functools import lru_cache

from flask import g, request, url_for


def lesson_url(course_slug: str, module_slug: str, lesson_slug: str) -> str:
    if g.get("preview"):
        return url_for("authoring.preview_lesson", slug=course_slug, module_slug=module_slug, lesson_slug=lesson_slug)
    return _learner_lesson_url(request.script_root, course_slug, module_slug, lesson_slug)


@lru_cache(maxsize=8192)
def _learner_lesson_url(script_root: str, course_slug: str, module_slug: str, lesson_slug: str) -> str:
    # A sidebar lists every step of the course on every page: building each link once per worker
    # takes a quarter of the lesson page's time off. The path only depends on these arguments.
    return url_for("learn.lesson", course_slug=course_slug, module_slug=module_slug, lesson_slug=lesson_slug)


def course_url(course_slug: str) -> str:
    if g.get("preview"):
        return url_for("authoring.preview_course", slug=course_slug)
    return url_for("learn.course", course_slug=course_slug)
