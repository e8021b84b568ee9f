"""Correcting a member's account, and inviting again everyone who has not started yet."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.audit.services import record_request
from app.auth import services as auth_services
from app.auth.models import Function, Role
from app.extensions import db
from app.griffie import services
from app.griffie.forms import EditMemberForm, ResendAllForm
from app.griffie.models import Group
from app.griffie.routes import _member_or_404, bp
from app.permissions import roles_required
from app.tenancy import current_organisation_id


@bp.route("/leden/<int:user_id>/bewerken", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def edit_member(user_id: int):
    user = _member_or_404(user_id)
    form = EditMemberForm()
    form.groups.choices = [(g.id, g.name) for g in db.session.scalars(
        select(Group).where(Group.organisation_id == current_organisation_id()).order_by(Group.name))]
    if not form.is_submitted():
        fill_account_form(form, user)
        form.groups.data = sorted(services.group_ids_of(user))
    if form.validate_on_submit():
        try:
            changes = auth_services.edit_account(user, form.name.data, form.email.data, Function(form.function.data))
        except auth_services.EmailTaken:
            form.email.errors.append(_("Dit e-mailadres is al in gebruik bij een ander account. Kies een ander adres, "
                                       "of vraag de beheerder om hulp als het om dezelfde persoon gaat."))
        else:
            groups = services.set_member_groups(user, set(form.groups.data))
            if groups:
                changes["groups"] = groups
            if changes:
                record_request("member.edited", organisation_id=user.organisation_id, target=user, details=changes)
            db.session.commit()
            flash_edit_result(user, changes)
            return redirect(url_for("griffie.member", user_id=user.id))
    return render_template("griffie/edit_member.html", form=form, member=user)


def fill_account_form(form, user) -> None:
    form.name.data = user.name
    form.email.data = user.pending_email or user.email
    form.function.data = user.function.value if user.function else Function.ANDERS.value


def flash_edit_result(user, changes: dict) -> None:
    if "email_pending" in changes:
        flash(_("We hebben een bevestigingslink gestuurd naar %(email)s. Het nieuwe adres geldt zodra %(name)s "
                "die link volgt.", email=user.pending_email, name=user.name), "success")
    if "email" in changes:
        flash(_("Het e-mailadres is nu %(email)s; er is een nieuwe uitnodiging naartoe gestuurd.", email=user.email),
              "success")
    if "name" in changes:
        flash(_("De naam is gewijzigd. Certificaten die al zijn uitgereikt, houden de oude naam tot de griffie ze "
                "opnieuw uitreikt (op de pagina van het lid, onder Certificaten)."), "info")
    if not changes:
        flash(_("Er is niets veranderd."), "info")
    elif not {"email", "email_pending"} & changes.keys():
        flash(_("De gegevens van %(name)s zijn opgeslagen.", name=user.name), "success")


@bp.post("/leden/uitnodigingen-opnieuw")
@roles_required(Role.GRIFFIER)
def resend_all_invitations():
    form = ResendAllForm()
    if not form.validate_on_submit():
        flash(_("Bevestig eerst dat je alle openstaande uitnodigingen opnieuw wilt versturen."), "error")
        return redirect(url_for("griffie.members", account="uitgenodigd"))
    sent, failed = services.resend_pending_invitations(current_organisation_id())
    record_request("member.invitations_resent", organisation_id=current_organisation_id(),
                   details={"sent": sent, "failed": len(failed)})
    db.session.commit()
    flash(ngettext("%(num)d uitnodiging opnieuw verstuurd.", "%(num)d uitnodigingen opnieuw verstuurd.", sent),
          "success")
    if failed:
        flash(_("Niet gelukt voor: %(names)s. Probeer het later nog eens.", names=", ".join(failed)), "error")
    return redirect(url_for("griffie.members", account="uitgenodigd"))
