"""Production shape: mail and jobs go to Redis, and `flask worker` (an RQ SimpleWorker) does them."""
from __future__ import annotations

import logging
import os

import pytest
from redis import Redis
from redis.exceptions import RedisError

from app.auth.models import Role
from app.background import runner_for
from app.background.worker import queue, redis_connection
from app.jobs import start
from app.jobs.models import DONE, Job
from app.mail import send_email
from tests.mail.conftest import free_port

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def redis_answers() -> bool:
    try:
        return bool(Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except RedisError:
        return False


@pytest.fixture
def rq_mode(app):
    saved = {key: app.config[key] for key in ("BACKGROUND_MODE", "REDIS_URL")}

    def use(url: str = REDIS) -> None:
        app.config.update(BACKGROUND_MODE="rq", REDIS_URL=url)
        app.extensions.pop("background", None)
        runner_for(app)

    yield use
    app.config.update(saved)
    app.extensions.pop("background", None)


def work_once(app) -> None:
    from rq import SimpleWorker

    with app.app_context():
        SimpleWorker([queue(app)], connection=redis_connection(app)).work(burst=True)


@pytest.mark.skipif(not redis_answers(), reason=f"needs Redis at {REDIS}")
def test_the_worker_sends_mail_and_runs_jobs_from_redis(app, db, login_as, rq_mode, outbox):
    rq_mode()
    queue(app).empty()
    griffier = login_as(Role.GRIFFIER)
    send_email("lid@gemeente.example", "Onderwerp", "Tekst")
    job = start("reminders", owner=griffier, organisation_id=griffier.organisation_id)
    db.session.commit()
    assert outbox() == [] and queue(app).count == 2  # the web process only queued the work
    work_once(app)
    assert len(outbox()) == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == DONE


def test_with_redis_away_the_commit_succeeds_and_the_sweep_sends_later(app, db, rq_mode, outbox, caplog):
    from app.background.runners import sweep

    rq_mode(f"redis://127.0.0.1:{free_port()}/6")
    send_email("lid@gemeente.example", "Onderwerp", "Tekst")
    with caplog.at_level(logging.WARNING, logger="app.background.runners"):
        db.session.commit()
    assert outbox() == [] and "the worker's sweep will pick it up" in caplog.text
    sweep(app)
    assert len(outbox()) == 1
