"""Groups of members and course assignments: who must take which course, maybe by a deadline."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.courses.models import Course
from app.db_types import UTCDateTime, utcnow
from app.extensions import db

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
