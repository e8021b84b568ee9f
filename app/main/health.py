"""What /healthz reports: each dependency, and an overall status a load balancer can act on."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from app.db_types import utcnow
from app.extensions import db

MAIL_LATE = timedelta(minutes=15)


def check() -> tuple[dict, int]:
    """(report, HTTP status). 503 only when the database is unreachable: without it no page works.
    Redis away or mail piling up make it "degraded" (200): the site still serves everyone."""
    report: dict = {"database": _database()}
    if report["database"] == "ok":
        report["mail"] = _mail()
    redis = _redis()
    if redis:
        report["redis"] = redis
    if report["database"] != "ok":
        report["status"] = "unavailable"
        return report, 503
    degraded = "unreachable" in redis.values() or report["mail"]["late"]
    report["status"] = "degraded" if degraded else "ok"
    return report, 200


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "unreachable"
    return "ok"


def _mail() -> dict:
    from app.mail.models import PENDING, OutboundEmail
    from app.mail.sender import backlog

    counts = backlog()
    oldest = db.session.scalar(select(OutboundEmail.created_at).where(OutboundEmail.status == PENDING)
                               .order_by(OutboundEmail.created_at).limit(1))
    return {**counts, "late": oldest is not None and oldest < utcnow() - MAIL_LATE}


def _redis() -> dict[str, str]:
    """Each Redis the app uses: the job queue and the rate-limit storage (named by role, never by URL)."""
    from redis import Redis
    from redis.exceptions import RedisError

    config = current_app.config
    uses = {"queue": config["REDIS_URL"] if config["BACKGROUND_MODE"] == "rq" else "",
            "rate_limits": config["RATELIMIT_STORAGE_URI"] if config["RATELIMIT_STORAGE_URI"].startswith("redis") else ""}
    report = {}
    for role, url in uses.items():
        if not url:
            continue
        try:
            Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        except (RedisError, OSError):
            report[role] = "unreachable"
        else:
            report[role] = "ok"
    return report
