"""Mijn account: change the password, switch the second factor on or off, see and end sessions (one or all).

Every change to how the person logs in asks for the password again (ASVS 7.5.1) and ends the
sessions on other devices (7.4.3); this device gets a fresh session.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from wtforms import Field

from app.audit.services import record_request
from app.auth import policy, services, sessions, throttle, totp
from app.auth.forms import (AccountEnrolForm, ChangePasswordForm, ConfirmPasswordForm, EndSessionForm,
                            LogoutEverywhereForm)
from app.auth.models import User, UserSession
from app.auth.routes import bp, complete_login
from app.db_types import utcnow
from app.extensions import db


def _me() -> User:
    return current_user._get_current_object()


def _password_ok(user: User, field: Field, wrong: str | None = None) -> bool:
    """Checks the password typed again; wrong ones count towards the account's limit, as at login."""
    if throttle.is_blocked(throttle.PASSWORD, user.email):
        field.errors.append(_("Te veel pogingen. Wacht een uur, of vraag een link via Wachtwoord vergeten."))
        return False
    if not services.check_password(user, field.data):
        throttle.failed(throttle.PASSWORD, user.email)
        field.errors.append(wrong or _("Dit wachtwoord klopt niet."))
        return False
    return True


def _account_page(form: LogoutEverywhereForm | None = None, status: int = 200):
    user = _me()
    return render_template("auth/account.html", form=form or LogoutEverywhereForm(),
                           sessions=sessions.live_sessions(user), current_session_id=g.user_session.id,
                           codes_left=totp.recovery_codes_left(user) if user.has_second_factor else 0), status


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    user = _me()
    if form.validate_on_submit() and _password_ok(user, form.current, _("Je huidige wachtwoord klopt niet.")):
        if problem := policy.problem(form.password.data, user.name, user.email):
            form.password.errors.append(problem)
        else:
            services.set_password(user, form.password.data)  # ends every session, this one too
            if user.is_staff:
                record_request("password.changed", actor=user, organisation_id=user.organisation_id, target=user)
            response = complete_login(user, url_for("auth.account"))
            flash(_("Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd."), "success")
            return response
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/tweestap", methods=["GET", "POST"])
@login_required
def enrol():
    """Members switch the second factor on here (staff have it from their first login)."""
    user = _me()
    if user.has_second_factor:
        return redirect(url_for("auth.account"))
    form = AccountEnrolForm()
    secret = totp.begin_enrolment(user)
    if form.validate_on_submit() and _password_ok(user, form.password):
        codes = totp.confirm_enrolment(user, form.code.data)
        if codes is not None:
            sessions.end_all(user)
            complete_login(user)
            return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account"))
        form.code.errors.append(totp.wrong_enrolment_code())
    db.session.commit()
    return render_template("auth/enrol.html", form=form, secret=totp.group_key(secret),
                           qr=totp.qr_data_uri(totp.provisioning_uri(user, secret)), at_login=False)


@bp.route("/account/tweestap/uitzetten", methods=["GET", "POST"])
@login_required
def disable_second_factor():
    user = _me()
    if user.is_staff:
        abort(403)  # required for staff; only an administrator can reset it
    if not user.has_second_factor:
        return redirect(url_for("auth.account"))
    form = ConfirmPasswordForm()
    if form.validate_on_submit() and _password_ok(user, form.password):
        totp.remove_second_factor(user)
        sessions.end_all(user)
        response = complete_login(user, url_for("auth.account"))
        flash(_("Tweestapsverificatie staat uit. Op andere apparaten ben je uitgelogd."), "success")
        return response
    db.session.commit()  # a wrong password's count is kept
    return render_template("auth/disable_second_factor.html", form=form)


@bp.route("/account/sessies/<int:session_id>", methods=["GET", "POST"])
@login_required
def end_session(session_id: int):
    """End one other session, for instance on a computer left logged in elsewhere."""
    user = _me()
    # An id beyond a 32-bit integer cannot exist, and PostgreSQL would refuse the query (a 500).
    row = db.session.get(UserSession, session_id) if session_id < 2**31 else None
    if row is None or row.user_id != user.id or row.ended_at is not None or row.id == g.user_session.id:
        abort(404)
    form = EndSessionForm()
    if form.validate_on_submit() and _password_ok(user, form.password):
        row.ended_at = utcnow()
        db.session.commit()
        flash(_("Je bent op dat apparaat uitgelogd."), "success")
        return redirect(url_for("auth.account"))
    db.session.commit()
    return render_template("auth/end_session.html", form=form, item=row)


@bp.post("/account/overal-uitloggen")
@login_required
def logout_everywhere():
    form = LogoutEverywhereForm()
    user = _me()
    if not (form.validate_on_submit() and _password_ok(user, form.password)):
        return _account_page(form)
    sessions.end_all(user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Je bent overal uitgelogd, ook op andere apparaten."), "success")
    return redirect(url_for("auth.login"))
