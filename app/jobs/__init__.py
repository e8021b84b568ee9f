"""Long work as background jobs with progress: a CSV import, reminders, a ZIP of certificates, a course import.

Start one from a route or service with `app.jobs.start(kind, owner=..., ...)`, commit, and send
the user to `url_for("jobs.show", job_id=job.id)`; the work runs after the commit (see
app.background). A kind is a function registered with `@job_kind("name", title=_l("..."))`.
"""
from __future__ import annotations

from flask import Blueprint

from app.jobs.registry import JobContext, job_kind
from app.jobs.services import start

bp = Blueprint("jobs", __name__, url_prefix="/taken")

__all__ = ["JobContext", "bp", "job_kind", "start"]

from app.jobs import routes  # noqa: F401  (register routes on bp)
