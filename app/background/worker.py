"""The production worker: an RQ worker on REDIS_URL plus a sweep of the database every MAIL_SWEEP_SECONDS.

RQ's SimpleWorker runs each task in this process (no fork), so the app and its connection pool
are made once. Run several worker processes for more throughput; claims keep them apart.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

log = logging.getLogger(__name__)
QUEUE = "weerbaar"


def redis_connection(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)


def queue(app: Flask):
    from rq import Queue

    return Queue(QUEUE, connection=redis_connection(app))


def send_mail_task() -> None:
    from app.background.runners import send_mail

    send_mail(current_app._get_current_object())


def run_job_task(job_id: int) -> None:
    from app.background.runners import run_job

    run_job(current_app._get_current_object(), job_id)


class _WorkerRunner:
    """Inside the worker: a job's mail wakes this process's own sender thread at once (the RQ
    loop is busy with the job itself), and jobs go to Redis for any worker."""

    def __init__(self, app: Flask, wake: threading.Event) -> None:
        from app.background.runners import RQRunner

        self.queue_runner = RQRunner(app)
        self.wake = wake

    def nudge(self, send: bool, jobs: list[int]) -> None:
        if jobs:
            self.queue_runner.nudge(False, jobs)
        if send:
            self.wake.set()


def work(app: Flask) -> None:
    """Block forever: a sender/sweep thread, and RQ tasks in the main thread (inside an app context)."""
    from rq import SimpleWorker

    from app.background.runners import sweep

    wake = threading.Event()
    app.extensions["background"] = _WorkerRunner(app, wake)

    def sweep_loop() -> None:
        while True:
            wake.wait(app.config["MAIL_SWEEP_SECONDS"])
            wake.clear()
            try:
                sweep(app)
            except Exception:
                log.exception("Sweep failed; trying again in %s s", app.config["MAIL_SWEEP_SECONDS"])

    wake.set()  # a first sweep at start: whatever waited while no worker ran
    threading.Thread(target=sweep_loop, name="sweep", daemon=True).start()
    with app.app_context():
        SimpleWorker([queue(app)], connection=redis_connection(app)).work(with_scheduler=False)
