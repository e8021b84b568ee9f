"""What the griffie sends: reminders for assigned courses (assignments live in app.assignments)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, utcnow
from app.extensions import db
from app.mail.models import OutboundEmail


class Reminder(db.Model):
    """One reminder for a member's assigned course, put in the outbox (`email`) in the same transaction.

    `slot` is the round it belongs to: the deadline itself for "upcoming" (once per deadline), the
    Dutch day for "overdue". The unique constraint makes a second press, or a second worker, fail
    to add the same reminder, so no one gets it twice. Rows from before the outbox may have no slot
    (failed attempts, or the duplicates of a double press): they are history only.
    """

    __table_args__ = (UniqueConstraint("user_id", "course_id", "deadline", "kind", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "upcoming" (before the deadline) or "overdue"
    deadline: Mapped[date]
    slot: Mapped[date | None] = mapped_column(nullable=True)
    is_sent: Mapped[bool] = mapped_column(default=False)  # since the outbox: handed to it; `email` tells the rest
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_email.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    email: Mapped[OutboundEmail | None] = relationship()
