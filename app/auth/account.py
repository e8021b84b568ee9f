"""Mijn account: change the password, switch the second factor on or off, log out everywhere."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.audit.services import record_request
from app.auth import policy, services, sessions, throttle, totp
from app.auth.forms import ButtonForm, ChangePasswordForm, ConfirmPasswordForm, EnrolForm
from app.auth.routes import bp, complete_login
from app.extensions import db


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html",
                           codes_left=totp.recovery_codes_left(current_user) if current_user.has_second_factor else 0)


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if throttle.is_blocked(throttle.PASSWORD, user.email):
            form.current.errors.append(_("Te veel pogingen. Wacht een uur, of vraag een link via Wachtwoord vergeten."))
        elif not services.check_password(user, form.current.data):
            throttle.failed(throttle.PASSWORD, user.email)
            form.current.errors.append(_("Je huidige wachtwoord klopt niet."))
        elif problem := policy.problem(form.password.data, user.name, user.email):
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
    user = current_user._get_current_object()
    if user.has_second_factor:
        return redirect(url_for("auth.account"))
    form = EnrolForm()
    secret = totp.begin_enrolment(user)
    if form.validate_on_submit():
        codes = totp.confirm_enrolment(user, form.code.data)
        if codes is not None:
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account"))
        form.code.errors.append(_("Deze code klopt niet. Controleer de tijd op je telefoon en gebruik de nieuwste code."))
    db.session.commit()
    return render_template("auth/enrol.html", form=form, secret=totp.group_key(secret),
                           qr=totp.qr_data_uri(totp.provisioning_uri(user, secret)), at_login=False)


@bp.route("/account/tweestap/uitzetten", methods=["GET", "POST"])
@login_required
def disable_second_factor():
    user = current_user._get_current_object()
    if user.is_staff:
        abort(403)  # required for staff; only an administrator can reset it
    if not user.has_second_factor:
        return redirect(url_for("auth.account"))
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        if services.check_password(user, form.password.data):
            totp.remove_second_factor(user)
            db.session.commit()
            flash(_("Tweestapsverificatie staat uit."), "success")
            return redirect(url_for("auth.account"))
        form.password.errors.append(_("Dit wachtwoord klopt niet."))
    return render_template("auth/disable_second_factor.html", form=form)


@bp.post("/account/overal-uitloggen")
@login_required
def logout_everywhere():
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    sessions.end_all(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Je bent overal uitgelogd, ook op andere apparaten."), "success")
    return redirect(url_for("auth.login"))
