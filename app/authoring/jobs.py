"""The trainers' long work: importing a course ZIP (validate every file, render, store) as a job."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.authoring import services
from app.extensions import db
from app.jobs import JobContext, job_kind
from app.jobs.models import Job


@job_kind("course_import", title=_l("Cursus importeren"), result_template="authoring/_import_result.html")
def run_course_import(ctx: JobContext) -> dict:
    """Everything or nothing, as `flask courses sync`: a refusal is a result with its problems."""
    config = current_app.config
    data = db.session.scalar(db.select(Job.input).where(Job.id == ctx.job.id))
    limits = services.ZipLimits(max_files=config["AUTHORING_ZIP_MAX_FILES"],
                                max_unpacked=config["AUTHORING_ZIP_MAX_UNPACKED"])
    ctx.set_total(1)
    try:
        report = services.import_zip(data, db.session.get(User, ctx.job.owner_id), limits)
    except services.ImportRefused as exc:
        db.session.rollback()
        return {"refused": exc.message, "problems": [str(p) for p in exc.problems]}
    result = {"created": [[v.course.slug, v.number] for v in report.created], "unchanged": list(report.unchanged)}
    ctx.job.input = None  # the course is stored now; the upload need not be kept
    return result
