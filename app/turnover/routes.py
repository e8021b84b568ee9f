"""Nieuwe zittingsperiode: upload the list, compare and choose, confirm once, follow the job, read the summary."""
from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_request
from app.auth.models import Role
from app.db_types import local_day, utcnow
from app.extensions import db
from app.griffie import member_import
from app.griffie.forms import MemberImportForm
from app.jobs.models import Job
from app.learn.services import course_titles
from app.permissions import roles_required
from app.tenancy import current_organisation_id, get_scoped_or_404
from app.turnover import bp, planning, services
from app.turnover.forms import RestartForm, TurnoverConfirmForm
from app.turnover.models import Turnover


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def start():
    """Step 1: upload the list; step 2 (the same POST): compare and choose. Nothing is saved in either."""
    form = MemberImportForm()
    if form.validate_on_submit():
        try:
            text = member_import.decode(form.file.data.read())
            plan = planning.plan_turnover(text, current_user.organisation)
        except member_import.ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            confirm = _confirm_form(TurnoverConfirmForm(formdata=None, csv_text=text, request_key=secrets.token_hex(16)),
                                    defaults=True)
            return _preview(plan, confirm)
    earlier = db.session.scalars(select(Turnover).where(Turnover.organisation_id == current_organisation_id())
                                 .order_by(Turnover.created_at.desc(), Turnover.id.desc()).limit(10)).all()
    return render_template("turnover/start.html", form=form, earlier=earlier)


@bp.post("/bevestigen")
@roles_required(Role.GRIFFIER)
def confirm():
    """Step 3: plan again from the same text (the members may have changed) and start the job, once."""
    form = _confirm_form(TurnoverConfirmForm())
    organisation = current_user.organisation
    try:
        plan = planning.plan_turnover(form.csv_text.data or "", organisation)
    except member_import.ImportFileError as exc:
        flash(str(exc), "error")
        return redirect(url_for("turnover.start"))
    if not form.validate_on_submit():
        return _preview(plan, form)
    existing = _by_key(form.request_key.data)
    if existing is not None:  # the same page submitted twice: show what the first submit started
        return redirect(url_for("turnover.show", turnover_id=existing.id))
    try:
        turnover = services.confirm(organisation, current_user, plan, request_key=form.request_key.data,
                                    installation_on=form.installation_on.data, course_id=form.course.data,
                                    weeks=form.weeks.data, update_details=form.update_details.data)
        record_request("turnover.confirmed", organisation_id=organisation.id, target=turnover,
                       details={"stays": len(plan.stays), "leaves": len(plan.leaves), "new": len(plan.new),
                                "installation_on": turnover.installation_on.isoformat(),
                                "course_id": turnover.course_id,
                                "deadline": turnover.deadline.isoformat() if turnover.deadline else None})
        db.session.commit()
    except IntegrityError:  # the same page submitted twice at the same moment
        db.session.rollback()
        existing = _by_key(form.request_key.data)
        if existing is None:
            flash(_("Dit formulier is al gebruikt. Upload de lijst opnieuw."), "error")
            return redirect(url_for("turnover.start"))
        return redirect(url_for("turnover.show", turnover_id=existing.id))
    return redirect(url_for("jobs.show", job_id=turnover.job_id))


@bp.get("/<int:turnover_id>")
@roles_required(Role.GRIFFIER)
def show(turnover_id: int):
    turnover = get_scoped_or_404(Turnover, turnover_id)
    job = db.session.get(Job, turnover.job_id) if turnover.job_id else None
    return render_template("turnover/show.html", turnover=turnover, job=job, summary=services.summary(turnover) | {"messages": turnover.result.get("messages", [])},
                           people={part: planning.people(turnover.plan, part) for part in ("stays", "leaves", "new")},
                           course_title=course_titles().get(turnover.course_id, "") if turnover.course_id else "",
                           may_restart=services.may_restart(turnover, job is None or job.is_finished),
                           restart_form=RestartForm(), today=local_day(utcnow()))


@bp.post("/<int:turnover_id>/opnieuw")
@roles_required(Role.GRIFFIER)
def restart(turnover_id: int):
    turnover = get_scoped_or_404(Turnover, turnover_id)  # CSRFProtect has checked the token already
    job = db.session.get(Job, turnover.job_id) if turnover.job_id else None
    if not services.may_restart(turnover, job is None or job.is_finished):
        flash(_("Deze wissel is al klaar of loopt nog. Er is niets opnieuw gestart."), "info")
        return redirect(url_for("turnover.show", turnover_id=turnover.id))
    services.restart(turnover, current_user)
    record_request("turnover.restarted", organisation_id=turnover.organisation_id, target=turnover)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=turnover.job_id))


def _by_key(key: str) -> Turnover | None:
    return db.session.scalar(select(Turnover).where(Turnover.request_key == key,
                                                    Turnover.organisation_id == current_organisation_id()))


def _confirm_form(form: TurnoverConfirmForm, defaults: bool = False) -> TurnoverConfirmForm:
    organisation = current_user.organisation
    choices, default_course = planning.course_choices(organisation)
    form.course.choices = [(0, _("Geen cursus toewijzen"))] + choices
    if defaults:
        form.installation_on.data = planning.default_installation(organisation, local_day(utcnow()))
        form.course.data = default_course or 0
        form.weeks.data = planning.default_weeks()
        form.update_details.data = True
    return form


def _preview(plan: planning.TurnoverPlan, form: TurnoverConfirmForm):
    return render_template("turnover/preview.html", plan=plan, form=form, today=local_day(utcnow()))


@bp.app_template_filter("iso_date_nl")
def iso_date_nl(value: str | None) -> str:
    """A date kept as text in a job's result, in words: "30 maart 2027"."""
    from datetime import date

    from app.i18n import date_nl

    return date_nl(date.fromisoformat(value)) if value else ""
