"""Work that happens after a commit: sending the outbox and running jobs.

Callers only say what must happen (`after_commit_send_mail()`, `after_commit_run_job(id)`); when
the session commits, the configured runner is nudged. Nothing is lost when a nudge is: the
database is the record, and every runner sweeps it now and then.

BACKGROUND_MODE:
- "inline": at the commit, in the same thread (tests: the mail is there when the request returns);
- "thread": daemon threads in this process (`make run` without Redis);
- "rq": a job on Redis for `flask --app wsgi worker` (production).
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def after_commit_send_mail() -> None:
    from app.extensions import db

    db.session.info["send_mail"] = True


def after_commit_run_job(job_id: int) -> None:
    from app.extensions import db

    db.session.info.setdefault("run_jobs", []).append(job_id)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the real commit is still to come
        return
    send_mail = session.info.pop("send_mail", False)
    jobs = session.info.pop("run_jobs", [])
    if send_mail or jobs:
        runner_for(current_app._get_current_object()).nudge(send_mail, jobs)


def runner_for(app):
    """The app's runner, made on first use."""
    runner = app.extensions.get("background")
    if runner is None:
        from app.background.runners import make_runner

        runner = app.extensions["background"] = make_runner(app)
    return runner
