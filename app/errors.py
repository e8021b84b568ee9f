"""Friendly error pages in the same layout; never a bare stack trace.

The error page must render when the database is down: it never loads the current user from
the database after a database error (it shows the logged-out layout instead).
"""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)
NUMERIC_OUT_OF_RANGE = "22003"  # PostgreSQL's SQLSTATE for "integer out of range" and its kin
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)

MESSAGES = {
    400: (_l("Verzoek niet begrepen"), _l("Het formulier of de link klopt niet. Ga terug en probeer het opnieuw.")),
    403: (_l("Geen toegang"), _l("Je hebt geen toegang tot deze pagina.")),
    404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet (meer), of je hebt er geen toegang toe.")),
    405: (_l("Niet toegestaan"), _l("Deze actie kan zo niet worden uitgevoerd.")),
    413: (_l("Bestand te groot"), _l("Het bestand is te groot.")),
    429: (_l("Even wachten"), _l("Je hebt het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging iets mis aan onze kant. Probeer het later opnieuw.")),
    503: (_l("Even niet beschikbaar"), _l("Weerbaar Leren is even niet bereikbaar door een storing. Probeer het over "
                                         "een paar minuten opnieuw. Wat je al gedaan had, is bewaard.")),
}


def _forget_user() -> None:
    """Render as logged out: Flask-Login then never asks the database who is logged in."""
    g._login_user = AnonymousUserMixin()


def _render(status: int, detail: str | None = None):
    title, text = MESSAGES.get(status, MESSAGES[500])
    if request.path.startswith("/healthz"):
        return jsonify(status="error"), status
    try:
        html = render_template("errors/error.html", status=status, title=str(title), text=detail or str(text))
    except SQLAlchemyError:  # the page needed the database (the user's name) and it is gone
        _rollback()
        _forget_user()
        status, (title, text) = 503, MESSAGES[503]
        html = render_template("errors/error.html", status=status, title=str(title), text=str(text))
    headers = {"Retry-After": "60"} if status == 503 else {}
    return html, status, headers


def _rollback() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        log.warning("Rollback failed while the database is unreachable", exc_info=True)


def _user_id() -> int | None:
    """Who, for a log line; never lets a database error escape from an error handler."""
    from flask_login import current_user

    try:
        return current_user.id if current_user and current_user.is_authenticated else None
    except SQLAlchemyError:
        _rollback()
        return None


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        log.warning("csrf refused path=%r user=%s ip=%s", request.path, _user_id(), request.remote_addr)
        return _render(400, _("Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Refused authorisation and throttling are security events (ASVS 16.3.2, 16.3.3); %r keeps a line one line.
        if error.code in (403, 429):
            log.warning("%s path=%r user=%s ip=%s", "access refused" if error.code == 403 else "rate limited",
                        request.path, _user_id(), request.remote_addr)
        return _render(error.code or 500)

    @app.errorhandler(DataError)
    def data_error(error: DataError):
        # A number no column can hold (a huge ?page= or ?versie=) names nothing that exists.
        if request.method in ("GET", "HEAD") and getattr(error.orig, "sqlstate", None) == NUMERIC_OUT_OF_RANGE:
            db.session.rollback()
            return _render(404)
        return unexpected(error)

    @app.errorhandler(OverflowError)
    def overflow(error: OverflowError):
        # SQLite's driver refuses such a number before the query runs.
        if request.method in ("GET", "HEAD") and "SQLite INTEGER" in str(error):
            _rollback()
            return _render(404)
        return unexpected(error)

    for exception in DATABASE_DOWN:
        @app.errorhandler(exception)
        def database_down(error: Exception):
            log.error("Database unavailable on %s: %s", request.path, error)
            _rollback()
            _forget_user()
            return _render(503)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("Unhandled error on %s", request.path)
        _rollback()
        return _render(500)
