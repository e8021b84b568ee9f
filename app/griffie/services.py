"""Reads for the griffie: completion only, never answers or scores."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.learn.models import Enrollment


def completed_counts(user_ids: list[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(Enrollment.user_id, func.count())
        .where(Enrollment.user_id.in_(user_ids), Enrollment.completed_at.is_not(None))
        .group_by(Enrollment.user_id)
    ).all()
    return {user_id: count for user_id, count in rows}
