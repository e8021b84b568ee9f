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
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)
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


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, _("Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500)

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
