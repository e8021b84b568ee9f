from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.audit.services import record_request
from app.auth import policy, services, sessions, throttle, tokens, totp
from app.auth.forms import (CodeForm, ConfirmEmailForm, EnrolForm, ForgotPasswordForm, LoginForm,
                            SetPasswordForm)
from app.auth.models import User
from app.extensions import db, limiter
from app.urls import get_target_after_login

bp = Blueprint("auth", __name__)

PENDING_KEY = "_pending_login"
# Between password and second factor: long enough to open the app or find the recovery codes.
PENDING_SECONDS = 10 * 60


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _audit_login(action: str, user: User | None, **details) -> None:
    """Staff logins and failed logins go on record; members' do not (they are no staff actions)."""
    if user is not None and user.is_staff:
        record_request(action, actor=user, organisation_id=user.organisation_id, target=user, details=details)


def _fresh_session() -> None:
    """Drop whatever the cookie held before (against session fixation) and end its server-side session."""
    sessions.end(session.get(sessions.SESSION_KEY))
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF caches the token per request; the next form gets a new one


def complete_login(user: User, next_url: str | None = None):
    """A fresh session (new cookie contents and CSRF token), held on the server."""
    _fresh_session()
    login_user(user)
    session[sessions.SESSION_KEY] = sessions.start(user)
    _audit_login("login.succeeded", user)
    db.session.commit()
    return redirect(get_target_after_login(next_url) or url_for("main.home"))


def _after_password(user: User, next_url: str | None):
    """Password accepted: members without a second factor are in; others go on to their code or enrolment."""
    if not user.is_staff and not user.has_second_factor:
        return complete_login(user, next_url)
    _fresh_session()
    session[PENDING_KEY] = {"token": user.session_token, "at": int(time.time()), "next": next_url}
    db.session.commit()
    return redirect(url_for("auth.second_factor" if user.has_second_factor else "auth.enrol_at_login"))


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = services.find_by_session_token(pending.get("token", ""))
    return user if user is not None and user.is_active else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    failed = blocked = False
    if form.validate_on_submit():
        account = services.normalise_email(form.email.data)
        if throttle.is_blocked(throttle.PASSWORD, account):
            blocked = True
            _audit_login("login.failed", services.find_by_email(account), reason="account_throttled")
            db.session.commit()
            return render_template("auth/login.html", form=form, failed=False, blocked=True), 429
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            return _after_password(user, request.args.get("next"))
        throttle.failed(throttle.PASSWORD, account)
        _audit_login("login.failed", services.find_by_email(account), reason="password")
        db.session.commit()
        failed = True
    return render_template("auth/login.html", form=form, failed=failed, blocked=blocked)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def second_factor():
    user = _pending_user()
    if user is None:
        flash(_("Log opnieuw in: het inloggen duurde te lang."), "info")
        return redirect(url_for("auth.login"))
    if not user.has_second_factor:
        return redirect(url_for("auth.enrol_at_login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        account = str(user.id)
        if throttle.is_blocked(throttle.SECOND_FACTOR, account):
            error = _("Te veel pogingen. Wacht een paar minuten en probeer het dan opnieuw.")
            status = 429
        elif totp.verify_code(user, form.code.data):
            return complete_login(user, session[PENDING_KEY].get("next"))
        elif totp.use_recovery_code(user, form.code.data):
            flash(_("Je hebt een herstelcode gebruikt. Je hebt er nog %(n)s over.",
                    n=totp.recovery_codes_left(user)), "info")
            return complete_login(user, session[PENDING_KEY].get("next"))
        else:
            throttle.failed(throttle.SECOND_FACTOR, account)
            error = _("Deze code klopt niet, of is al gebruikt. Gebruik de nieuwste code uit de app.")
        _audit_login("login.failed", user, reason="second_factor")
        db.session.commit()
        form.code.errors.append(error)
    return render_template("auth/second_factor.html", form=form), status


@bp.route("/login/tweestap-instellen", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def enrol_at_login():
    """Staff without a second factor set it up here, before they reach anything else."""
    user = _pending_user()
    if user is None:
        flash(_("Log opnieuw in: het inloggen duurde te lang."), "info")
        return redirect(url_for("auth.login"))
    if user.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    form = EnrolForm()
    secret = totp.begin_enrolment(user)
    if form.validate_on_submit():
        codes = totp.confirm_enrolment(user, form.code.data)
        if codes is not None:
            record_request("totp.enrolled", actor=user, organisation_id=user.organisation_id, target=user)
            complete_login(user)  # logged in now; the codes are shown in this response, once
            return render_template("auth/recovery_codes.html", codes=codes,
                                   next_url=url_for("main.home"))
        form.code.errors.append(totp.wrong_enrolment_code())
    db.session.commit()
    return render_template("auth/enrol.html", form=form, secret=totp.group_key(secret),
                           qr=totp.qr_data_uri(totp.provisioning_uri(user, secret)), at_login=True)


@bp.post("/uitloggen")
@login_required
def logout():
    sessions.end(session.get(sessions.SESSION_KEY))
    db.session.commit()
    logout_user()
    session.clear()
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
        problem = policy.problem(form.password.data, user.name, user.email)
        if problem is None:
            if not services.set_password_from_link(user, form.password.data):
                db.session.rollback()
                return render_template("auth/link_invalid.html", purpose=purpose), 409
            # The link proves the mailbox: the owner of a throttled account gets straight back in.
            throttle.clear(throttle.PASSWORD, user.email)
            logout_user()  # whoever was logged in in this browser
            response = _after_password(user, None)
            flash(_("Je wachtwoord is opgeslagen."), "success")
            return response
        form.password.errors.append(problem)
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


from app.auth import account  # noqa: E402,F401  (routes on this blueprint)
