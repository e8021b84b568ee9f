from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.audit.services import record_request
from app.auth import services, tokens
from app.auth.forms import ConfirmEmailForm, ForgotPasswordForm, LoginForm, SetPasswordForm
from app.extensions import db, limiter
from app.urls import get_target_after_login

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            return redirect(get_target_after_login(request.args.get("next")) or url_for("main.home"))
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


@bp.post("/uitloggen")
@login_required
def logout():
    logout_user()
    flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    return _set_password(token, tokens.RESET)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def accept_invitation(token: str):
    return _set_password(token, tokens.INVITE)


def _set_password(token: str, purpose: str):
    user = tokens.read_token(token, purpose)
    if user is None:
        expired_for = tokens.expired_invitation_organisation(token) if purpose == tokens.INVITE else None
        return render_template("auth/link_invalid.html", purpose=purpose, expired_for=expired_for), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        if not services.set_password_from_link(user, form.password.data):
            db.session.rollback()
            return render_template("auth/link_invalid.html", purpose=purpose), 409
        logout_user()
        login_user(user)
        db.session.commit()
        flash(_("Je wachtwoord is opgeslagen. Je bent nu ingelogd."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/set_password.html", form=form, user=user, purpose=purpose)


@bp.route("/e-mailadres-bevestigen/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def confirm_email(token: str):
    """A button, not the link itself, makes the change: mail scanners open links but do not press buttons."""
    user = tokens.read_token(token, tokens.EMAIL)
    if user is None:
        return render_template("auth/link_invalid.html", purpose=tokens.EMAIL), 404
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        old = user.email
        try:
            email = services.confirm_email_change(user)
        except services.EmailTaken:
            db.session.commit()
            flash(_("Dit e-mailadres is inmiddels in gebruik bij een ander account. Je oude adres blijft gelden; "
                    "vraag je griffie om hulp."), "error")
            return redirect(url_for("main.home") if current_user.is_authenticated else url_for("auth.login"))
        record_request("user.email_confirmed", actor=user, organisation_id=user.organisation_id, target=user,
                       details={"old": old, "new": email})
        db.session.commit()
        flash(_("Je e-mailadres is nu %(email)s. Log voortaan daarmee in.", email=email), "success")
        return redirect(url_for("main.home") if current_user.is_authenticated else url_for("auth.login"))
    return render_template("auth/confirm_email.html", form=form, user=user)
