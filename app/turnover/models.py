"""A change of council (Nieuwe zittingsperiode): the confirmed plan, and each step the run carried out."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db

CONFIRMED, RUNNING, DONE, FAILED = "confirmed", "running", "done", "failed"


class Turnover(db.Model):
    """One confirmed change of council for one organisation.

    `plan` is what the griffier saw and confirmed ({"stays": [...], "leaves": [...], "new": [...]});
    the run carries it out step by step, so a retry after a failure works from the same plan.
    `request_key` comes from the preview page: a second submit of the same page finds this row.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    installation_on: Mapped[date] = mapped_column(Date)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"), nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    update_details: Mapped[bool] = mapped_column(default=True)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=CONFIRMED)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"), nullable=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def count(self, part: str) -> int:
        return len(self.plan.get(part, []))


class TurnoverStep(db.Model):
    """One thing a turnover did to one person, committed together with the change itself.

    A rerun skips what is recorded here; the unique constraint refuses a second copy even when two
    runs overlap. The kinds: invited, reactivated, assigned, updated, kept (a scheduled deactivation
    withdrawn), scheduled (deactivation on the installation day), deactivated.
    """

    __tablename__ = "turnover_step"
    __table_args__ = (UniqueConstraint("turnover_id", "kind", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    turnover_id: Mapped[int] = mapped_column(ForeignKey("turnover.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
