"""Groups within the organisation: make, fill, remove."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import Role
from app.extensions import db
from app.griffie import services
from app.griffie.forms import GroupForm, GroupMembersForm, MemberSearchForm
from app.griffie.models import Assignment, Group
from app.griffie.routes import bp
from app.learn.services import course_titles
from app.permissions import roles_required
from app.tenancy import current_organisation_id, get_scoped_or_404


@bp.route("/groepen", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def groups():
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = services.create_group(current_organisation_id(), form.name.data)
        except services.NameTaken:
            form.name.errors.append(_("Er is al een groep met deze naam."))
        else:
            db.session.commit()
            flash(_("Groep %(name)s gemaakt. Kies nu wie erin zit.", name=group.name), "success")
            return redirect(url_for("griffie.group", group_id=group.id))
    listed = db.session.scalars(select(Group).where(Group.organisation_id == current_organisation_id())
                                .order_by(Group.name)).all()
    return render_template("griffie/groups.html", form=form, groups=listed,
                           sizes=services.group_sizes(current_organisation_id()))


@bp.route("/groepen/<int:group_id>", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def group(group_id: int):
    """The member picker filters on the server (GET ?zoek=), so it works without JavaScript; saving a
    filtered list changes only the members that were shown. ?alle=1 ticks every shown member."""
    group = get_scoped_or_404(Group, group_id)
    form = GroupMembersForm()
    search = MemberSearchForm(request.args)
    members = services.members_of(current_organisation_id())
    form.members.choices = [(m.id, m.name) for m in members]
    if form.validate_on_submit():
        shown = form.shown_ids() if form.shown.data else {m.id for m in members}
        services.update_group_members(group, shown, set(form.members.data))
        db.session.commit()
        flash(_("De leden van %(name)s zijn opgeslagen.", name=group.name), "success")
        return redirect(url_for("griffie.group", group_id=group.id, **_search_args(search)))
    text = search.zoek.data if search.validate() and search.zoek.data else ""
    shown = services.search_members(members, text)
    if not form.is_submitted():
        in_group = {m.id for m in group.members}
        select_all = request.args.get("alle") == "1"
        form.members.data = [m.id for m in shown if select_all or m.id in in_group]
        form.shown.data = ",".join(str(m.id) for m in shown)
    assignments = db.session.scalars(select(Assignment).where(Assignment.group_id == group.id)
                                     .options(selectinload(Assignment.course))).all()
    return render_template("griffie/group.html", group=group, form=form, assignments=assignments,
                           titles=course_titles(), delete_form=FlaskForm(), search=search, shown=shown,
                           total=len(members), search_args=_search_args(search))


def _search_args(search: MemberSearchForm) -> dict[str, str]:
    return {"zoek": search.zoek.data} if search.zoek.data else {}


@bp.post("/groepen/<int:group_id>/verwijderen")
@roles_required(Role.GRIFFIER)
def delete_group(group_id: int):
    group = get_scoped_or_404(Group, group_id)
    name = group.name
    services.delete_group(group)
    db.session.commit()
    flash(_("Groep %(name)s is verwijderd, met de toewijzingen aan die groep. De leden blijven.", name=name), "success")
    return redirect(url_for("griffie.groups"))
