from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth import services as auth_services
from app.auth.models import Function, Role, User
from app.extensions import db
from app.griffie.services import completed_counts
from app.learn.services import course_cards
from app.organisations.forms import InviteMemberForm
from app.permissions import roles_required
from app.tenancy import get_scoped_user_or_404, scoped_users

bp = Blueprint("griffie", __name__, url_prefix="/griffie")
PER_PAGE = 25


@bp.get("/")
@roles_required(Role.GRIFFIER)
def members():
    page = db.paginate(scoped_users().where(User.role == Role.MEMBER).order_by(User.name), per_page=PER_PAGE)
    counts = completed_counts([user.id for user in page.items])
    return render_template("griffie/members.html", page=page, counts=counts)


@bp.route("/leden/nieuw", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def invite():
    form = InviteMemberForm()
    if form.validate_on_submit():
        try:
            user = auth_services.invite_user(current_user.organisation, form.email.data, form.name.data,
                                             Role.MEMBER, Function(form.function.data))
        except auth_services.EmailTaken:
            form.email.errors.append(_("Er is al een account met dit e-mailadres."))
        else:
            db.session.commit()
            flash(_("Uitnodiging verstuurd naar %(email)s.", email=user.email), "success")
            return redirect(url_for("griffie.members"))
    return render_template("griffie/invite.html", form=form)


@bp.get("/leden/<int:user_id>")
@roles_required(Role.GRIFFIER)
def member(user_id: int):
    user = get_scoped_user_or_404(user_id)
    return render_template("griffie/member.html", member=user, cards=course_cards(user), form=FlaskForm())


@bp.post("/leden/<int:user_id>/uitnodiging")
@roles_required(Role.GRIFFIER)
def resend_invitation(user_id: int):
    user = get_scoped_user_or_404(user_id)
    if user.has_accepted:
        flash(_("%(name)s heeft al een wachtwoord gekozen.", name=user.name), "info")
    else:
        auth_services.send_invitation(user)
        db.session.commit()
        flash(_("Nieuwe uitnodiging verstuurd naar %(email)s.", email=user.email), "success")
    return redirect(url_for("griffie.member", user_id=user.id))


from app.griffie import certificates  # noqa: E402,F401  (registers the certificate routes on bp)
