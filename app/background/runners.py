"""The three ways background work runs; see app.background."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, has_request_context

log = logging.getLogger(__name__)


def send_mail(app: Flask) -> None:
    from app.mail.sender import drain

    with app.app_context():
        drain()


def run_job(app: Flask, job_id: int) -> None:
    from app.jobs.runner import run

    with app.app_context():
        run(job_id)


def sweep(app: Flask) -> None:
    """What a nudge may have missed: due mail (also retries) and jobs nobody started."""
    from app.jobs.runner import drop_old_files, give_up_stale, unstarted

    send_mail(app)
    with app.app_context():
        give_up_stale(app.config["JOB_TIMEOUT"])
        drop_old_files(app.config["JOB_FILES_KEEP_DAYS"])
        waiting = unstarted()
    for job_id in waiting:
        run_job(app, job_id)


class InlineRunner:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def nudge(self, send: bool, jobs: list[int]) -> None:
        # The caller's commit has happened: a failure here must not look like a failed commit.
        try:
            for job_id in jobs:
                run_job(self.app, job_id)
            if send or jobs:
                send_mail(self.app)
        except Exception:
            log.exception("Background work after a commit failed; the sweep tries again")


class ThreadRunner:
    """MAIL_SENDER_THREADS senders that wake on a nudge or every MAIL_SWEEP_SECONDS, and a small pool for jobs.

    Outside a request and outside its own threads (a CLI command such as `flask reminders send`),
    a nudge runs inline: the command would otherwise exit, and take the daemon threads with it,
    before its mail is out.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stopped = threading.Event()
        self.local = threading.local()
        self.wake = threading.Event()
        self.jobs = ThreadPoolExecutor(max_workers=app.config["JOB_THREADS"], thread_name_prefix="job")
        self.threads = [threading.Thread(target=self._send_loop, name=f"mail-{n}", daemon=True)
                        for n in range(app.config["MAIL_SENDER_THREADS"])]
        self.sweeper = threading.Thread(target=self._sweep_loop, name="sweep", daemon=True)
        for thread in [*self.threads, self.sweeper]:
            thread.start()

    def nudge(self, send: bool, jobs: list[int]) -> None:
        if not has_request_context() and not getattr(self.local, "inside", False):
            InlineRunner(self.app).nudge(send, jobs)
            return
        for job_id in jobs:
            self.jobs.submit(self._guarded, run_job, job_id)
        if send:
            self.wake.set()

    def _guarded(self, work, *args) -> None:
        self.local.inside = True
        try:
            work(self.app, *args)
        except Exception:  # a background thread must survive anything, e.g. the database being away
            log.exception("Background work %s failed", work.__name__)

    def stop(self) -> None:
        """Let the threads end (tests; a process that exits does not need it: they are daemons)."""
        self.stopped.set()
        self.wake.set()
        self.jobs.shutdown(wait=True)
        for thread in [*self.threads, self.sweeper]:
            thread.join(timeout=30)

    def _send_loop(self) -> None:
        while not self.stopped.is_set():
            self.wake.wait(self.app.config["MAIL_SWEEP_SECONDS"])
            if self.stopped.is_set():
                return
            self.wake.clear()  # before draining: a nudge that arrives during the drain wakes us again
            self._guarded(send_mail)

    def _sweep_loop(self) -> None:
        while not self.stopped.wait(self.app.config["MAIL_SWEEP_SECONDS"]):
            self._guarded(sweep)


class RQRunner:
    """Puts a nudge on the Redis queue that `flask --app wsgi worker` reads."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def nudge(self, send: bool, jobs: list[int]) -> None:
        from app.background.worker import queue

        try:
            q = queue(self.app)
            for job_id in jobs:
                q.enqueue("app.background.worker.run_job_task", job_id, job_timeout=self.app.config["JOB_TIMEOUT"])
            if send:
                q.enqueue("app.background.worker.send_mail_task", job_timeout=self.app.config["JOB_TIMEOUT"])
        except Exception:  # Redis away: the worker's sweep finds the work in the database later
            log.warning("Could not queue background work on Redis; the worker's sweep will pick it up",
                        exc_info=True)


def make_runner(app: Flask):
    mode = app.config["BACKGROUND_MODE"]
    runners = {"inline": InlineRunner, "thread": ThreadRunner, "rq": RQRunner}
    if mode not in runners:
        raise RuntimeError(f"BACKGROUND_MODE must be one of {', '.join(runners)}, not {mode!r}")
    return runners[mode](app)
