"""A reading lesson from its kept skeleton (app/kept.py): one per version, step, role, language and
whether the member has done it; per request only their name, organisation, CSRF token, progress in
the outline and their organisation's local text are filled in."""
from __future__ import annotations

from flask import current_app, g, request, session
from flask_login import current_user
from markupsafe import escape
from flask_wtf.csrf import generate_csrf

from app import kept
from app.courses.version_cache import VersionInfo
from app.fragments import csrf_input
from app.i18n import current_language
from app.learn.sidebar import step_sidebar
from app.localinfo.splice import localise


class _WithoutText:
    """The lesson while its skeleton is rendered: the text is the organisation's, so it is a slot."""

    html = kept.marker("text")

    def __init__(self, lesson) -> None:
        self._lesson = lesson

    def __getattr__(self, attribute: str):
        return getattr(self._lesson, attribute)


class _DoneHere:
    """The member's progress while a skeleton is rendered: the key fixes only this step's own state."""

    def __init__(self, lesson_id: int, done: bool) -> None:
        self.lesson_id, self.done = lesson_id, done

    def __contains__(self, lesson_id: object) -> bool:
        if lesson_id != self.lesson_id:
            raise kept.KeptPageError("a kept lesson page asked about another step's progress")
        return self.done


def can_keep(step) -> bool:
    """Only a learner's lesson of a published version, without a query string or a message to show."""
    return not (current_app.debug or g.get("preview") or request.query_string or session.get("_flashes")
                or not isinstance(step.version, VersionInfo))


def lesson_page(step, context: dict) -> str:
    lesson, done = step.lesson, context["done"]
    is_done = lesson.id in done
    key = ("lesson", step.version.id, lesson.id, step.refresher is not None, is_done, current_language(),
           request.script_root, request.path, current_user.role)
    skeleton_context = dict(
        context, lesson=_WithoutText(lesson), done=_DoneHere(lesson.id, is_done),
        current_user=kept.StandIn(current_user.role), get_flashed_messages=lambda **_: [],
        csrf_token=lambda: kept.marker("csrf"), csrf_field=lambda: csrf_input(kept.marker("csrf")),
        step_sidebar=lambda *_: kept.marker("sidebar"))
    return kept.page(key, "learn/lesson.html", skeleton_context, {
        "name": lambda: escape(current_user.name),
        "organisation": lambda: escape(current_user.organisation.name),
        "csrf": lambda: escape(generate_csrf()),
        "sidebar": lambda: step_sidebar(step, done),
        "text": lambda: localise(lesson.html),
    })
