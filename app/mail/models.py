"""The outbox: every e-mail is a row, written in the transaction of the change that causes it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


class OutboundEmail(db.Model):
    """One message. `pending` waits (maybe after a failed try, then `last_error` says why) until
    `next_attempt_at`; a sender claims it (`sending`) before it talks to the mail server, so two
    senders never send it twice; then `sent`, or `failed` after the last try."""

    __tablename__ = "outbound_email"
    __table_args__ = (Index("ix_outbound_email_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30), default="")  # "invitation", "reset", "reminder", ...
    message_id: Mapped[str] = mapped_column(String(200))  # the same on every try, so a receiver can spot repeats
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def is_retrying(self) -> bool:
        return self.status in (PENDING, SENDING) and self.last_error is not None
