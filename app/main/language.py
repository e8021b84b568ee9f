"""Switching the interface language: remembered on the account, or in the session for visitors."""
from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from app.catalogue import LANGUAGES
from app.extensions import db
from app.i18n import SESSION_KEY
from app.main.routes import bp
from app.urls import is_safe_next


class LanguageForm(FlaskForm):
    language = HiddenField(validators=[AnyOf(LANGUAGES)])
    next = HiddenField()


def choose_language(user, language: str) -> None:
    """Remember the language on the account (the interface, mail and new certificates follow it)."""
    user.language = language
    db.session.flush()


@bp.post("/taal")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session[SESSION_KEY] = form.language.data
        if current_user.is_authenticated:
            choose_language(current_user, form.language.data)
            db.session.commit()
    target = form.next.data or request.referrer or ""
    return redirect(target if is_safe_next(target) else url_for("main.home"))
