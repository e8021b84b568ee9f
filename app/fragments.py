"""Parts of a page that read the same for everyone in the same language: rendered once per worker.

`{% call cached("footer") %}...{% endcall %}` renders its body the first time and then reuses
it, per app, language and script root, plus whatever else the caller names as the key (a role,
the endpoint). Only for parts that contain nothing about the person or the request beyond that
key: no names, no CSRF tokens, no query strings. Translations and links in them are what cost:
the layout called gettext and url_for some thirty times on every page.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import current_app, g, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.i18n import current_language
from app.kept import MARK, KeptPageError


def cached(*key: Hashable, caller: Callable[[], str]) -> Markup:
    # A template edited while `flask run` reloads must show at once; the trainer's preview shows drafts.
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # one context lookup, not two
    if app.debug or g.get("preview"):
        return Markup(caller())
    kept: dict[tuple, Markup] = app.extensions.setdefault("fragments", {})
    full = (key, current_language(), request.script_root)
    found = kept.get(full)
    if found is None:
        found = Markup(caller())
        if MARK in found:  # a kept page's marker: something personal went into a shared fragment
            raise KeptPageError(f"the kept fragment {key!r} holds a personal part")
        kept[full] = found
    return found


def csrf_field() -> Markup:
    """The hidden CSRF input, as FlaskForm.hidden_tag() writes it, without building a form per page."""
    return csrf_input(generate_csrf())


def csrf_input(token: str) -> Markup:
    return Markup('<input id="csrf_token" name="csrf_token" type="hidden" value="%s">') % token


def clear(app) -> None:
    """Forget every kept fragment; for tests, whose emptied tables hand out the same ids again."""
    app.extensions.pop("fragments", None)
