"""What the griffie organises: groups of members, course assignments, and the reminders sent for them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.courses.models import Course
from app.db_types import UTCDateTime, utcnow
from app.extensions import db
from app.mail.models import OutboundEmail

group_member = Table(
    "group_member",
    db.metadata,
    Column("group_id", ForeignKey("member_group.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Group(db.Model):
    """A named set of members within one organisation, for example "Raad" or "Nieuwe raadsleden 2026"."""

    __tablename__ = "member_group"  # "group" is a reserved word in SQL
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[User]] = relationship(secondary=group_member, order_by=User.name)


class Assignment(db.Model):
    """A course that a member, or every member of a group (also later ones), must take, maybe by a deadline.

    Exactly one of user_id and group_id is set. Its state is never stored: it follows from the
    member's enrollment and the deadline (see app.griffie.progress).
    """

    __table_args__ = (CheckConstraint("(user_id IS NULL) <> (group_id IS NULL)", name="one_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True, nullable=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("member_group.id", ondelete="CASCADE"), index=True,
                                                 nullable=True)
    deadline: Mapped[date | None] = mapped_column(nullable=True)  # the last day, in Dutch time
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)

    course: Mapped[Course] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    group: Mapped[Group | None] = relationship()


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
