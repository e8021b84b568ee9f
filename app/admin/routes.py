from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.audit.services import record_request
from app.auth import services as auth_services
from app.auth.forms import ButtonForm
from app.auth.models import Function, Role, User
from app.auth.sessions import end_all
from app.db_types import local_day, utcnow
from app.extensions import db
from app.organisations import services as organisation_services
from app.organisations.forms import InviteUserForm, OrganisationForm
from app.organisations.models import Organisation, OrganisationKind
from app.permissions import roles_required

bp = Blueprint("admin", __name__, url_prefix="/beheer")
PER_PAGE = 25


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.get("/")
@roles_required(Role.ADMIN)
def organisations():
    page = db.paginate(select(Organisation).order_by(Organisation.name), per_page=PER_PAGE)
    counts = dict(db.session.execute(
        select(User.organisation_id, func.count()).where(User.organisation_id.in_([o.id for o in page.items]))
        .group_by(User.organisation_id)
    ).all())
    return render_template("admin/organisations.html", page=page, counts=counts)


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = organisation_services.create_organisation(form.name.data, OrganisationKind(form.kind.data))
        except organisation_services.NameTaken:
            form.name.errors.append(_("Er is al een organisatie met deze naam."))
        else:
            db.session.commit()
            flash(_("Organisatie %(name)s aangemaakt.", name=organisation.name), "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template("admin/new_organisation.html", form=form)


@bp.get("/organisaties/<int:organisation_id>")
@roles_required(Role.ADMIN)
def organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    page = db.paginate(select(User).where(User.organisation_id == organisation.id, User.erased_at.is_(None))
                       .order_by(User.role, User.name),
                       per_page=PER_PAGE)
    return render_template("admin/organisation.html", organisation=organisation, page=page,
                           today=local_day(utcnow()))


@bp.post("/accounts/<int:user_id>/tweestap-resetten")
@roles_required(Role.ADMIN)
def reset_second_factor(user_id: int):
    """For someone who lost their phone and their recovery codes: they enrol again at their next login."""
    user = db.session.get(User, user_id) if user_id < 2**31 else None  # PostgreSQL refuses bigger ids
    if user is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    auth_services.reset_second_factor(user)
    record_request("totp.reset", organisation_id=user.organisation_id, target=user)
    db.session.commit()
    flash(_("De tweestapsverificatie van %(name)s is gereset. Bij de volgende keer inloggen stelt %(name)s hem "
            "opnieuw in.", name=user.name), "success")
    return _back(user)


@bp.post("/accounts/<int:user_id>/uitloggen")
@roles_required(Role.ADMIN)
def end_sessions(user_id: int):
    """Log someone out everywhere, for instance when their laptop was stolen."""
    user = db.session.get(User, user_id) if user_id < 2**31 else None  # PostgreSQL refuses bigger ids
    if user is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    end_all(user)
    record_request("sessions.ended", organisation_id=user.organisation_id, target=user)
    db.session.commit()
    flash(_("%(name)s is overal uitgelogd.", name=user.name), "success")
    if user.id == current_user.id:
        return redirect(url_for("auth.login"))
    return _back(user)


def _back(user: User):
    """To the page the button was on: the person's own page or their organisation's list."""
    if request.form.get("terug") == "gebruiker":
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return redirect(url_for("admin.organisation", organisation_id=user.organisation_id))


@bp.route("/organisaties/<int:organisation_id>/uitnodigen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = InviteUserForm()
    if form.validate_on_submit():
        role = Role(form.role.data)
        try:
            user = auth_services.invite_user(organisation, form.email.data, form.name.data, role,
                                             Function(form.function.data))
        except auth_services.EmailTaken:
            form.email.errors.append(_("Er is al een account met dit e-mailadres."))
        else:
            record_request("user.invited", organisation_id=organisation.id, target=user, details={"role": role.value})
            db.session.commit()
            flash(_("Uitnodiging verstuurd naar %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template("admin/invite.html", form=form, organisation=organisation)


from app.admin import manage  # noqa: E402,F401  (registers routes on bp)
from app.admin import terms  # noqa: E402,F401  (registers routes on bp)
