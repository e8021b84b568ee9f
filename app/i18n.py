"""Language choice, translations outside a request (PDFs, e-mails) and date formatting."""
from __future__ import annotations

from datetime import datetime

from babel import Locale
from flask import Flask, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.catalogue import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # each in its own language: how readers look for it
SESSION_KEY = "language"


def select_locale() -> str:
    """The account's choice, else the visitor's choice in this session, else the browser's preference."""
    if not has_request_context():  # the CLI: callers wrap per-recipient text in force_locale
        return DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    if session.get(SESSION_KEY) in LANGUAGES:
        return session[SESSION_KEY]
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


# Flask-Babel parses the selector's answer anew on every request; a Locale it is given stays as it is.
_LOCALES = {code: Locale.parse(code) for code in LANGUAGES}


def select_locale_once() -> Locale:
    """The locale selector: select_locale's choice as one kept Locale per language."""
    return _LOCALES[select_locale()]


def current_language() -> str:
    locale = get_locale()
    if locale is None:
        return DEFAULT_LANGUAGE
    # str(Locale) builds the identifier anew on every call, and templates ask often; ours are plain codes.
    return locale.language if not (locale.territory or locale.script or locale.variant) else str(locale)


def language_of(user) -> str:
    """The language a user reads: their choice, else what this request is shown in, else Dutch."""
    if user is not None and user.language in LANGUAGES:
        return user.language
    return current_language() if has_request_context() else DEFAULT_LANGUAGE


def mail_language(user) -> str:
    """The language of mail to a user: their choice, else Dutch (not the sender's language)."""
    return user.language if user is not None and user.language in LANGUAGES else DEFAULT_LANGUAGE


def date_nl(value: datetime | None) -> str:
    """22 november 2026 (in the reader's language)"""
    return format_date(value, "d MMMM y") if value else ""


def datetime_nl(value: datetime | None) -> str:
    """22 november 2026 om 14:05"""
    if not value:
        return ""
    return _("%(date)s om %(time)s", date=format_date(value, "d MMMM y"), time=format_datetime(value, "HH:mm"))


def content_lang(language: str | None) -> Markup:
    """` lang="en"` for course text written in another language than the page; nothing when they match."""
    if not language or language == current_language():
        return Markup("")
    return Markup(' lang="%s"') % language


def in_language(text: str, language: str | None) -> Markup | str:
    """A piece of course text inside an interface sentence, marked when its language differs."""
    attribute = content_lang(language)
    return Markup("<span%s>%s</span>") % (attribute, text) if attribute else text


def hoist_error_summary(html: str) -> str:
    """Keep an error summary for base.html to print first in <main>; prints nothing where it is called."""
    g.setdefault("error_summaries", []).append(Markup(html))
    return ""


def collected_error_summaries() -> list[Markup]:
    return g.pop("error_summaries", [])


def register_filters(app: Flask) -> None:
    from app.navigation import main_menu

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["date_nl"] = date_nl
    app.jinja_env.filters["datetime_nl"] = datetime_nl
    app.jinja_env.globals["main_menu"] = main_menu
    app.jinja_env.globals["hoist_error_summary"] = hoist_error_summary
    app.jinja_env.globals["content_lang"] = content_lang
    app.jinja_env.globals["in_language"] = in_language
    app.jinja_env.globals["collected_error_summaries"] = collected_error_summaries
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
