"""Starting jobs and finding a person's jobs. Services flush; the caller commits."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.jobs.models import Job


def start(kind: str, *, owner: User, organisation_id: int | None = None, params: dict[str, Any] | None = None,
          input: bytes | None = None, total: int = 0) -> Job:
    """A queued job that runs after the caller commits (in-process or on the worker)."""
    from app import background
    from app.jobs.registry import KINDS

    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, owner_id=owner.id, organisation_id=organisation_id, params=params or {},
              input=input, total=total)
    db.session.add(job)
    db.session.flush()
    background.after_commit_run_job(job.id)
    return job


def jobs_of(owner: User, limit: int = 50) -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.owner_id == owner.id)
                                   .order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)))


def job_of_or_none(owner: User, job_id: int) -> Job | None:
    """Only the person who started a job sees it; for anyone else it does not exist."""
    return db.session.scalar(select(Job).where(Job.id == job_id, Job.owner_id == owner.id))
