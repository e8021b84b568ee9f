"""The organisation certificate is checked after a member's completion is committed, in the background.

Whether every member of the council has now completed the course is a report over the whole
organisation: about 90 ms of CPU for 1,000 members, inside the member's last "Klaar", and growing
with the organisation. So the completion leaves a job row instead (without an owner: nobody watches
it), which runs after the commit like any job, and which the sweep finds if that nudge is lost. The
check itself may run twice: it issues at most one certificate per organisation, course and term.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app import background
from app.certificates.services import issue_organisation_certificate_if_complete
from app.extensions import db
from app.jobs import JobContext, job_kind
from app.jobs.models import Job
from app.learn.models import Enrollment
from app.learn.signals import course_completed
from app.organisations.models import Organisation

KIND = "organisation_certificate"


@course_completed.connect
def _check_later(enrollment: Enrollment, **_extra) -> None:
    job = Job(kind=KIND, owner_id=None, organisation_id=enrollment.user.organisation_id,
              params={"course_id": enrollment.course_id})
    db.session.add(job)
    db.session.flush()
    background.after_commit_run_job(job.id)


@job_kind(KIND, title=_l("Organisatiecertificaat controleren"), result_template="")
def check(ctx: JobContext) -> dict:
    organisation = db.session.get(Organisation, ctx.job.organisation_id)
    if organisation is None:  # removed meanwhile
        return {"code": None}
    certificate = issue_organisation_certificate_if_complete(organisation, ctx.job.params["course_id"])
    return {"code": certificate.code if certificate else None}
