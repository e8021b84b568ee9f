"""Friendly error pages in the same layout; never a bare stack trace."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Verzoek niet begrepen"), _l("Het formulier of de link klopt niet. Ga terug en probeer het opnieuw.")),
    403: (_l("Geen toegang"), _l("Je hebt geen toegang tot deze pagina.")),
    404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet (meer), of je hebt er geen toegang toe.")),
    405: (_l("Niet toegestaan"), _l("Deze actie kan zo niet worden uitgevoerd.")),
    413: (_l("Bestand te groot"), _l("Het bestand is te groot.")),
    429: (_l("Even wachten"), _l("Je hebt het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging iets mis aan onze kant. Probeer het later opnieuw.")),
}


def _render(status: int, detail: str | None = None):
    title, text = MESSAGES.get(status, MESSAGES[500])
    if request.path.startswith("/healthz"):
        return jsonify(status="error"), status
    return render_template("errors/error.html", status=status, title=str(title), text=detail or str(text)), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, _("Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return _render(500)
