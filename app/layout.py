"""The frame around every page (templates/_layout.html): header, menu, language switch, footer.

It is the same for everyone with the same layout key (language, role, page, whether there are
errors or a preview), so it is rendered once per worker with markers (app/kept.py) and a request
only fills in its own parts: the page's title, head, breadcrumbs and content, its error summaries
and messages, the reader's name and organisation, the CSRF token and the address to come back to.
Everything personal is read from the template's context, so a page that is itself being kept
(app/learn/kept_lesson.py) passes its own markers straight through.
"""
from __future__ import annotations

from flask import current_app, render_template, request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from app import kept
from app.i18n import current_language

SLOTS = ("title", "head", "breadcrumbs", "content", "summaries", "flashes", "user_name", "organisation_name", "csrf",
         "next_path")
_FLASH = Markup('\n      <p class="alert alert--%s">%s</p>')


def _flashes(context: Context) -> Markup:
    messages = context.resolve("get_flashed_messages")(with_categories=True)
    return Markup("").join(_FLASH % (category, message) for category, message in messages)


@pass_context
def layout(context: Context, title: str, head: str, breadcrumbs: str, content: str, summaries: list) -> Markup:
    user = context.resolve("current_user")
    authenticated = bool(user and user.is_authenticated)
    role = user.role if authenticated else None
    fixed = dict(authenticated=authenticated, role=role, has_errors=bool(summaries),
                 is_preview=bool(context.resolve("preview")))
    values = dict(
        title=title, head=head, breadcrumbs=breadcrumbs, content=content, summaries=Markup("").join(summaries),
        flashes=_flashes(context), user_name=escape(user.name) if authenticated else "",
        organisation_name=escape(user.organisation.name) if authenticated else "",
        csrf=escape(context.resolve("csrf_token")()),
        next_path=escape(request.full_path if request.query_string else request.path))
    if current_app.debug:  # an edited template shows at once
        return Markup(render_template("_layout.html", **fixed, **values))
    key = ("layout", current_language(), request.script_root, request.endpoint, *fixed.values())
    frame = kept.skeleton(key, "_layout.html", {**fixed, **{slot: kept.marker(slot) for slot in SLOTS}}, SLOTS)
    return Markup(frame.fill(values))
