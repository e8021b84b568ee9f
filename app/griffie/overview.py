"""The griffie's overview: who must take what by when, and how far they are; export and reminders."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import FlaskForm
from sqlalchemy import select

from app import jobs
from app.audit.services import record_request
from app.auth.models import Role, User
from app.certificates.services import AMSTERDAM, local_day
from app.db_types import utcnow
from app.extensions import db
from app.griffie import dashboard, overview_query, services
from app.griffie.forms import OverviewFilterForm
from app.griffie.models import Assignment, Group
from app.griffie.progress import State
from app.griffie.routes import bp
from app.learn.services import current_versions
from app.permissions import roles_required
from app.tenancy import current_organisation_id

PER_PAGE = 50


class QueryPage(Pagination):
    """Flask-SQLAlchemy's pagination over the overview's query: LIMIT/OFFSET and a count in SQL."""

    def _query_items(self) -> list:
        return overview_query.page_of(self._query_args["query"], self.page, self.per_page)

    def _query_count(self) -> int:
        return overview_query.total(self._query_args["query"])


def _filters() -> tuple[OverviewFilterForm, dashboard.Filters, dict[str, str]]:
    """The filter form and what it chose; args to carry the same choice into links (sort, page, export)."""
    form = OverviewFilterForm(request.args)
    organisation_id = current_organisation_id()
    form.groep.choices = [(0, _("Alle groepen"))] + [(g.id, g.name) for g in db.session.scalars(
        select(Group).where(Group.organisation_id == organisation_id).order_by(Group.name))]
    form.cursus.choices = [(0, _("Alle cursussen"))] + [(v.course_id, v.title) for v in current_versions()]
    form.status.choices = [("", _("Alle statussen"))] + [(s.value, s.label) for s in State]
    sort = request.args.get("sorteer", "naam")
    sort = sort if sort in dashboard.SORTS else "naam"
    descending = request.args.get("richting") == "af"
    chosen = dashboard.Filters(sort=sort, descending=descending)
    if form.validate():
        chosen = dashboard.Filters(form.groep.data or None, form.cursus.data or None,
                                   State(form.status.data) if form.status.data else None, sort, descending)
    args = {key: value for key, value in (
        ("groep", chosen.group_id), ("cursus", chosen.course_id), ("status", chosen.state and chosen.state.value),
        ("sorteer", sort if sort != "naam" else None), ("richting", "af" if descending else None)) if value}
    return form, chosen, {k: str(v) for k, v in args.items()}


@bp.get("/")
@roles_required(Role.GRIFFIER)
def overview():
    form, chosen, args = _filters()
    result = dashboard.overview(current_organisation_id(), chosen, local_day(utcnow()))
    page = QueryPage(page=None, per_page=PER_PAGE, query=result.query)
    organisation_id = current_organisation_id()
    has_members = db.session.scalar(select(User.id).where(User.organisation_id == organisation_id,
                                                          User.role == Role.MEMBER).limit(1)) is not None
    has_assignments = db.session.scalar(select(Assignment.id).where(
        Assignment.organisation_id == organisation_id).limit(1)) is not None
    return render_template(
        "griffie/overview.html", form=form, page=page, counts=result.counts, chosen=chosen, args=args,
        has_members=has_members, has_assignments=has_assignments,
        filter_args={k: v for k, v in args.items() if k not in ("sorteer", "richting")},
        remind_form=FlaskForm(), history=services.reminder_history(current_organisation_id(), limit=5),
    )


@bp.get("/overzicht.csv")
@roles_required(Role.GRIFFIER)
def export():
    """Exactly the rows of the overview with the same filters and order, all pages at once."""
    _form, chosen, _args = _filters()
    result = dashboard.overview(current_organisation_id(), chosen, local_day(utcnow()))
    excel = request.args.get("excel") == "1"
    stamp = utcnow().astimezone(AMSTERDAM).strftime("%Y-%m-%d-%H%M")
    filename = f"voortgang-{stamp}{'-excel' if excel else ''}.csv"
    rows = overview_query.each(result.query)
    return Response(stream_with_context(dashboard.export_csv(rows, excel)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.post("/herinneringen")
@roles_required(Role.GRIFFIER)
def send_reminders():
    """Runs as a job: for a whole organisation that is many messages. Pressing twice sends once."""
    job = jobs.start("reminders", owner=current_user, organisation_id=current_organisation_id())
    record_request("reminders.started", organisation_id=current_organisation_id(), target=job)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))
