"""A member's path through one course version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.courses.models import CourseVersion, Lesson
from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class Enrollment(db.Model):
    """Pins a member to the course version they started, so a new version never breaks it."""

    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when the member took the course again after their certificate ran out: attempts and extra
    # attempts from before this moment belong to the earlier round (kept for history, not counted).
    round_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship()
    version: Mapped[CourseVersion] = relationship()
    progress: Mapped[list[LessonProgress]] = relationship(back_populates="enrollment", cascade="all, delete-orphan")


class LessonProgress(db.Model):
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enrollment: Mapped[Enrollment] = relationship(back_populates="progress")
    lesson: Mapped[Lesson] = relationship()
