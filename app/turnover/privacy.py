"""A confirmed plan holds names and addresses of a whole council: forget a person when they are erased,
and clear finished plans after MAIL_LOG_RETENTION_DAYS (the counts in `result` stay)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.privacy.signals import erasing, pruning
from app.turnover.models import DONE, Turnover


@erasing.connect
def forget_in_plans(user, **_extra) -> None:
    email = (user.email or "").lower()
    for turnover in db.session.scalars(select(Turnover).where(Turnover.organisation_id == user.organisation_id)):
        kept = {part: [p for p in people if p.get("user_id") != user.id and p.get("email", "").lower() != email]
                for part, people in turnover.plan.items()}
        if kept != turnover.plan:
            turnover.plan = kept
    db.session.flush()


@pruning.connect
def clear_old_plans(now, config, **_extra) -> dict[str, int]:
    cleared = 0
    for turnover in db.session.scalars(select(Turnover).where(
            Turnover.status == DONE, Turnover.finished_at < now - timedelta(days=config["MAIL_LOG_RETENTION_DAYS"]))):
        if turnover.plan:
            turnover.plan = {}
            cleared += 1
    db.session.flush()
    return {"turnover_plans_cleared": cleared}
