"""Assigning courses to members and groups, with an optional deadline."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.services import record_request
from app.auth.models import Role
from app.db_types import local_day, utcnow
from app.extensions import db
from app.griffie import services
from app.assignments.models import Assignment, Group
from app.griffie.forms import AssignmentForm, DeadlineForm
from app.griffie.routes import bp
from app.learn.services import course_titles, current_versions
from app.permissions import roles_required
from app.tenancy import current_organisation_id, get_scoped_or_404

PER_PAGE = 50


@bp.get("/toewijzingen")
@roles_required(Role.GRIFFIER)
def assignments():
    query = (select(Assignment).where(Assignment.organisation_id == current_organisation_id())
             .options(selectinload(Assignment.user), selectinload(Assignment.group))
             .order_by(Assignment.deadline.is_(None), Assignment.deadline, Assignment.id))
    page = db.paginate(query, per_page=PER_PAGE)
    return render_template("griffie/assignments.html", page=page, titles=course_titles(), form=FlaskForm())


@bp.route("/toewijzingen/nieuw", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def new_assignment():
    organisation_id = current_organisation_id()
    form = AssignmentForm()
    form.course.choices = [(0, _("Kies een cursus"))] + [(v.course_id, v.title) for v in current_versions()]
    form.groups.choices = [(g.id, g.name) for g in db.session.scalars(
        select(Group).where(Group.organisation_id == organisation_id).order_by(Group.name))]
    form.members.choices = [(m.id, m.name) for m in services.members_of(organisation_id)
                          if m.active_on(local_day(utcnow()))]  # not a leaver past the installation
    if form.validate_on_submit():
        made = services.assign(organisation_id, form.course.data, set(form.members.data), set(form.groups.data),
                               form.deadline.data, current_user)
        for assignment in made:
            record_request("assignment.created", organisation_id=organisation_id, target=assignment,
                           details=_assignment_details(assignment))
        db.session.commit()
        flash(ngettext("%(num)d toewijzing gemaakt.", "%(num)d toewijzingen gemaakt.", len(made)), "success")
        return redirect(url_for("griffie.overview", cursus=form.course.data))
    return render_template("griffie/new_assignment.html", form=form)


@bp.route("/toewijzingen/<int:assignment_id>/deadline", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def assignment_deadline(assignment_id: int):
    assignment = get_scoped_or_404(Assignment, assignment_id)
    form = DeadlineForm()
    if not form.is_submitted():
        form.deadline.data = assignment.deadline
    if form.validate_on_submit():
        old = services.change_deadline(assignment, form.deadline.data)
        record_request("assignment.deadline_changed", organisation_id=assignment.organisation_id, target=assignment,
                       details={"old": old.isoformat() if old else None,
                                "new": assignment.deadline.isoformat() if assignment.deadline else None})
        db.session.commit()
        flash(_("De deadline is opgeslagen. Herinneringen gaan voortaan uit van de nieuwe datum."), "success")
        return redirect(url_for("griffie.assignments"))
    return render_template("griffie/deadline.html", form=form, assignment=assignment,
                           title=course_titles().get(assignment.course_id, ""))


@bp.post("/toewijzingen/<int:assignment_id>/verwijderen")
@roles_required(Role.GRIFFIER)
def delete_assignment(assignment_id: int):
    assignment = get_scoped_or_404(Assignment, assignment_id)
    record_request("assignment.deleted", organisation_id=assignment.organisation_id, target=assignment,
                   details=_assignment_details(assignment))
    services.delete_assignment(assignment)
    db.session.commit()
    flash(_("De toewijzing is verwijderd. Wat leden al deden, blijft bewaard."), "success")
    return redirect(url_for("griffie.assignments"))


def _assignment_details(assignment: Assignment) -> dict:
    """Which course, for whom and by when: enough to read the entry after the assignment is gone."""
    return {"course_id": assignment.course_id, "user_id": assignment.user_id, "group_id": assignment.group_id,
            "deadline": assignment.deadline.isoformat() if assignment.deadline else None}
