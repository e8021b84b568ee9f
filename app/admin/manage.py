"""The administrator's everyday work: organisations, any account, a search across organisations,
and who uses the platform. Every change is in the audit trail."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select

from app.auth.resend import resend_and_report
from app.admin.forms import AdminEditUserForm
from app.admin.routes import PER_PAGE, _organisation_or_404, bp
from app.admin.usage import usage_of
from app.audit.services import record_request
from app.auth import services as auth_services
from app.auth.models import Role, User
from app.db_types import local_day, utcnow
from app.extensions import db
from app.griffie import services as griffie_services
from app.griffie.accounts import fill_account_form, flash_edit_result
from app.assignments.models import Group
from app.organisations import services as organisation_services
from app.organisations.forms import RenameOrganisationForm, UserSearchForm
from app.organisations.models import Organisation
from app.permissions import roles_required

# -- organisations -------------------------------------------------------------------------------

@bp.route("/organisaties/<int:organisation_id>/bewerken", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisation_edit(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = RenameOrganisationForm()
    if not form.is_submitted():
        form.name.data = organisation.name
    if form.validate_on_submit():
        try:
            old = organisation_services.rename_organisation(organisation, form.name.data)
        except organisation_services.NameTaken:
            form.name.errors.append(_("Er is al een organisatie met deze naam."))
        else:
            record_request("organisation.renamed", organisation_id=organisation.id, target=organisation,
                           details={"old": old, "new": organisation.name})
            db.session.commit()
            flash(_("De organisatie heet nu %(name)s.", name=organisation.name), "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    members = db.session.scalar(select(func.count()).select_from(User).where(User.organisation_id == organisation.id))
    return render_template("admin/edit_organisation.html", form=form, organisation=organisation,
                           accounts=members, action_form=FlaskForm())


@bp.post("/organisaties/<int:organisation_id>/deactiveren")
@roles_required(Role.ADMIN)
def organisation_deactivate(organisation_id: int):
    return _set_organisation_active(organisation_id, False)


@bp.post("/organisaties/<int:organisation_id>/activeren")
@roles_required(Role.ADMIN)
def organisation_activate(organisation_id: int):
    return _set_organisation_active(organisation_id, True)


def _set_organisation_active(organisation_id: int, active: bool):
    organisation = _organisation_or_404(organisation_id)
    if organisation.id == current_user.organisation_id and not active:
        flash(_("Je kunt je eigen organisatie niet deactiveren: dan kun je zelf niet meer inloggen."), "error")
        return redirect(url_for("admin.organisation_edit", organisation_id=organisation.id))
    organisation_services.set_organisation_active(organisation, active)
    record_request("organisation.activated" if active else "organisation.deactivated",
                   organisation_id=organisation.id, target=organisation)
    db.session.commit()
    flash(_("%(name)s is weer actief.", name=organisation.name) if active else
          _("%(name)s is gedeactiveerd: de accounts kunnen niet meer inloggen. Certificaten blijven te controleren.",
            name=organisation.name), "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


@bp.post("/organisaties/<int:organisation_id>/verwijderen")
@roles_required(Role.ADMIN)
def organisation_remove(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    try:
        organisation_services.remove_organisation(organisation)
    except organisation_services.NotEmpty:
        flash(_("%(name)s heeft nog accounts en kan niet worden verwijderd. Deactiveer de organisatie als ze het "
                "platform niet meer gebruikt.", name=organisation.name), "error")
        return redirect(url_for("admin.organisation_edit", organisation_id=organisation.id))
    record_request("organisation.removed", details={"name": organisation.name, "id": organisation_id})
    db.session.commit()
    flash(_("%(name)s is verwijderd.", name=organisation.name), "success")
    return redirect(url_for("admin.organisations"))


@bp.get("/gebruik")
@roles_required(Role.ADMIN)
def usage():
    page = db.paginate(select(Organisation).order_by(Organisation.name), per_page=PER_PAGE)
    return render_template("admin/usage.html", page=page, rows=usage_of(list(page.items)))


# -- accounts ------------------------------------------------------------------------------------

@bp.get("/gebruikers")
@roles_required(Role.ADMIN)
def users():
    form = UserSearchForm(request.args)
    text = (form.q.data or "").strip() if form.validate() else ""
    page = None
    if text:
        like = f"%{text.lower()}%"
        query = (select(User).where(or_(func.lower(User.name).like(like), func.lower(User.email).like(like)),
                                    User.erased_at.is_(None))
                 .order_by(User.name, User.id))
        page = db.paginate(query, per_page=PER_PAGE)
    return render_template("admin/users.html", form=form, page=page, text=text, today=local_day(utcnow()))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.erased_at is not None:  # an erased account is nobody any more: nothing to manage
        abort(404)
    return user


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_edit(user_id: int):
    user = _user_or_404(user_id)
    form = AdminEditUserForm()
    form.groups.choices = [(g.id, g.name) for g in db.session.scalars(
        select(Group).where(Group.organisation_id == user.organisation_id).order_by(Group.name))]
    if not form.is_submitted():
        fill_account_form(form, user)
        form.role.data = user.role.value
        form.groups.data = sorted(griffie_services.group_ids_of(user))
    if form.validate_on_submit():
        role = Role(form.role.data)
        if user.id == current_user.id and role != user.role:
            form.role.errors.append(_("Je kunt je eigen rol niet veranderen; vraag een andere beheerder."))
        else:
            try:
                changes = _apply_edit(user, form, role)
            except auth_services.EmailTaken:
                db.session.rollback()  # a role change made just before is undone too
                form.email.errors.append(_("Dit e-mailadres is al in gebruik bij een ander account. Kies een ander "
                                           "adres."))
            else:
                if changes:
                    record_request("user.edited", organisation_id=user.organisation_id, target=user, details=changes)
                db.session.commit()
                flash_edit_result(user, changes)
                return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user.html", form=form, user=user, action_form=FlaskForm(), today=local_day(utcnow()))


def _apply_edit(user: User, form: AdminEditUserForm, role: Role) -> dict:
    from app.auth.models import Function

    changes = {}
    if role != user.role:
        changes["role"] = [user.role.value, role.value]
        auth_services.change_role(user, role)
    changes |= auth_services.edit_account(user, form.name.data, form.email.data, Function(form.function.data))
    groups = griffie_services.set_member_groups(user, set(form.groups.data) if user.role == Role.MEMBER else set())
    if groups:
        changes["groups"] = groups
    return changes


@bp.post("/gebruikers/<int:user_id>/deactiveren")
@roles_required(Role.ADMIN)
def user_deactivate(user_id: int):
    return _set_user_active(user_id, False)


@bp.post("/gebruikers/<int:user_id>/activeren")
@roles_required(Role.ADMIN)
def user_activate(user_id: int):
    return _set_user_active(user_id, True)


def _set_user_active(user_id: int, active: bool):
    user = _user_or_404(user_id)
    if user.id == current_user.id:
        flash(_("Je kunt je eigen account niet deactiveren."), "error")
    else:
        griffie_services.set_active(user, active)
        record_request("user.activated" if active else "user.deactivated", organisation_id=user.organisation_id,
                       target=user)
        db.session.commit()
        flash(_("%(name)s kan weer inloggen.", name=user.name) if active else
              _("%(name)s is gedeactiveerd en kan niet meer inloggen.", name=user.name), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/gebruikers/<int:user_id>/uitnodiging")
@roles_required(Role.ADMIN)
def user_resend(user_id: int):
    user = _user_or_404(user_id)
    resend_and_report(user, "user.invitation_resent")
    return redirect(url_for("admin.user_edit", user_id=user.id))
