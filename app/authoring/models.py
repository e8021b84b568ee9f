"""A trainer's working copy of a course, and who published which version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.courses.models import Course, CourseVersion
from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class CourseDraft(db.Model):
    """The editable copy of a course: Markdown files as text, images as DraftAsset rows.

    Learners never see it; publishing imports it as a new, immutable CourseVersion.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), unique=True)
    # The version the draft was copied from (or last published as): tells whether someone published meanwhile.
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("course_version.id"), nullable=True)
    files: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)

    course: Mapped[Course] = relationship()
    base_version: Mapped[CourseVersion | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
    assets: Mapped[list[DraftAsset]] = relationship(back_populates="draft", order_by="DraftAsset.path",
                                                    cascade="all, delete-orphan")


class DraftAsset(db.Model):
    """An image of a draft, checked by its bytes and stored under a generated name."""

    __table_args__ = (UniqueConstraint("draft_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("course_draft.id"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    original_name: Mapped[str] = mapped_column(String(200), default="")

    draft: Mapped[CourseDraft] = relationship(back_populates="assets")


class Publication(db.Model):
    """Who published a version from the web, when, and why. Versions from `courses sync` have none."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"), unique=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    # Set on a rollback: the number of the old version published again.
    restored_from: Mapped[int | None] = mapped_column(nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="editor")  # editor, rollback or zip

    version: Mapped[CourseVersion] = relationship()
    published_by: Mapped[User | None] = relationship()
