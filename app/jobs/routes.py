"""A person's jobs: the list, one job's progress and result, its status for the live bar, its file."""
from __future__ import annotations

from flask import Response, abort, jsonify, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import undefer

from app.extensions import db
from app.jobs import bp, services
from app.jobs.models import Job
from app.jobs.registry import KINDS


def _own_job_or_404(job_id: int) -> Job:
    job = services.job_of_or_none(current_user, job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/")
@login_required
def index():
    return render_template("jobs/index.html", jobs=services.jobs_of(current_user), kinds=KINDS)


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int):
    job = _own_job_or_404(job_id)
    return render_template("jobs/show.html", job=job, kind=KINDS[job.kind])


@bp.get("/<int:job_id>/status")
@login_required
def status(job_id: int):
    """For the live bar (app/static/js/jobs.js); the page itself works without it."""
    job = _own_job_or_404(job_id)
    return jsonify(status=job.status, done=job.done, total=job.total, percent=job.percent,
                   finished=job.is_finished, label=_status_label(job))


@bp.get("/<int:job_id>/bestand")
@login_required
def download(job_id: int):
    job = db.session.scalar(db.select(Job).options(undefer(Job.output)).where(
        Job.id == job_id, Job.owner_id == current_user.id))
    if job is None or job.output is None:
        abort(404)
    return Response(job.output, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{job.output_name or "bestand.zip"}"'})


def _status_label(job: Job) -> str:
    if job.status == "queued":
        return _("Wacht op zijn beurt…")
    if job.status == "running":
        return _("Bezig: %(done)d van %(total)d", done=job.done, total=job.total) if job.total else _("Bezig…")
    if job.status == "done":
        return _("Klaar.")
    return _("Mislukt.")


@bp.app_template_global()
def job_status_label(job: Job) -> str:
    return _status_label(job)
