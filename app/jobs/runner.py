"""Running one job: claim it (queued -> running, once), call its kind, store the result or the error."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, update

from app.db_types import utcnow
from app.extensions import db
from app.jobs.models import DONE, FAILED, QUEUED, RUNNING, Job
from app.jobs.registry import KINDS, JobContext

log = logging.getLogger(__name__)
UNSTARTED_AFTER = timedelta(seconds=60)


def run(job_id: int) -> None:
    """Run the job if it is still queued; a second call (a repeated nudge, a sweep) does nothing."""
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == QUEUED).values(status=RUNNING, started_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not claimed:
        return
    job = db.session.get(Job, job_id)
    kind = KINDS[job.kind]
    try:
        result = kind.run(JobContext(job))
    except Exception as exc:  # the person must see that it failed, whatever the cause
        log.exception("Job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.error, job.finished_at = FAILED, f"{type(exc).__name__}: {exc}"[:2000], utcnow()
        db.session.commit()
        return
    job.status, job.result, job.finished_at = DONE, result, utcnow()
    if job.total == 0 or job.done < job.total:
        job.done = job.total
    db.session.commit()


def give_up_stale(max_seconds: int) -> int:
    """Jobs still "running" long after JOB_TIMEOUT belong to a process that died: say they failed,
    so the person is not left watching a bar that never moves."""
    count = db.session.execute(
        update(Job).where(Job.status == RUNNING, Job.started_at < utcnow() - timedelta(seconds=2 * max_seconds))
        .values(status=FAILED, error="Onderbroken: het proces dat deze taak uitvoerde is gestopt.", finished_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return count


def drop_old_files(days: int) -> int:
    """A job's file (a ZIP of certificates can be tens of MB) is kept `days` days, then let go;
    the job and its result stay, so the list still tells what was done."""
    count = db.session.execute(
        update(Job).where(Job.output_name.is_not(None), Job.finished_at < utcnow() - timedelta(days=days))
        .values(output=None, output_name=None).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return count


def unstarted() -> list[int]:
    """Jobs queued for a while without a runner: their nudge was lost (a restart, Redis away)."""
    return list(db.session.scalars(select(Job.id).where(
        Job.status == QUEUED, Job.created_at < utcnow() - UNSTARTED_AFTER).order_by(Job.id)))
