"""The griffie's long work as background jobs: the CSV import and the reminders of a whole organisation."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from app import statistics
from app.certificates.services import local_day
from app.db_types import utcnow
from app.extensions import db
from app.griffie import member_import, reminders
from app.jobs import JobContext, job_kind
from app.organisations.models import Organisation


@job_kind("member_import", title=_l("Leden uitnodigen met CSV"), result_template="griffie/_import_result.html")
def run_member_import(ctx: JobContext) -> dict:
    """Plan again (the database may have changed since the preview) and invite row by row."""
    organisation = db.session.get(Organisation, ctx.job.organisation_id)
    try:
        plan = member_import.plan(ctx.job.params["csv_text"], organisation)
    except member_import.ImportFileError as exc:
        return {"invited": 0, "messages": [[0, str(exc)]]}
    ctx.set_total(len(plan.to_invite))
    outcome = member_import.invite_planned(plan, organisation, progress=ctx.progress)
    db.session.commit()
    statistics.refresh(*statistics.MEMBER_TABLES)  # fresh planner statistics before the next overview
    return {"invited": outcome.invited, "skipped": len(plan.skipped), "errors": len(plan.with_errors),
            "messages": [[line, text] for line, text in outcome.messages]}


@job_kind("reminders", title=_l("Herinneringen versturen"), result_template="griffie/_reminders_result.html")
def run_reminders(ctx: JobContext) -> dict:
    config = current_app.config

    def progress(done: int, total: int) -> None:
        ctx.job.total = total
        ctx.progress(done)

    result = reminders.send_due_reminders(ctx.job.organisation_id, local_day(utcnow()), config["REMINDER_DAYS_BEFORE"],
                                          config["REMINDER_OVERDUE_INTERVAL_DAYS"], progress=progress)
    return {"sent": result.sent, "skipped": result.skipped}


@job_kind("certificates_zip", title=_l("ZIP met certificaten"), result_template="griffie/_zip_result.html")
def run_certificates_zip(ctx: JobContext) -> dict:
    from datetime import date

    from app.certificates.services import CertificateFilter
    from app.griffie.certificates import zip_certificates

    params = ctx.job.params
    chosen = CertificateFilter(int(params["cursus"]) if params.get("cursus") else None,
                               date.fromisoformat(params["van"]) if params.get("van") else None,
                               date.fromisoformat(params["tot"]) if params.get("tot") else None,
                               include_revoked=bool(params.get("ingetrokken")))
    data = zip_certificates(ctx.job.organisation_id, chosen, ctx.progress)
    ctx.job.output, ctx.job.output_name = data, f"certificaten-{utcnow():%Y%m%d-%H%M}.zip"
    return {"count": ctx.job.done, "bytes": len(data)}
