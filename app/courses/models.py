"""Imported course content. A version is immutable once written: progress points at it."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.content.schema import COUNCIL_FUNCTIONS
from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[CourseVersion]] = relationship(
        back_populates="course", order_by="CourseVersion.number", cascade="all, delete-orphan"
    )


class CourseVersion(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    intro_html: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(COUNCIL_FUNCTIONS))
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # How long a certificate stays valid: a number of months, or until the end of the council term.
    validity_months: Mapped[int | None] = mapped_column(nullable=True)
    valid_for_term: Mapped[bool] = mapped_column(default=False, server_default="0")
    # The refresher window (front matter `refresher`): NULL when the course has no refresher. A member
    # whose certificate expires within `before` days, or expired at most `after` days ago, may renew it.
    refresher_before_days: Mapped[int | None] = mapped_column(nullable=True)
    refresher_after_days: Mapped[int | None] = mapped_column(nullable=True)
    # The language the course is written in (front matter `lang`): its pages carry it as lang="..".
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    # The Markdown as imported, so a version can be exported, compared and restored. Deferred: it is
    # the largest column and only export and comparison read it.
    files: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="versions")
    modules: Mapped[list[Module]] = relationship(
        back_populates="version", order_by="Module.position", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        order_by="Lesson.sequence", cascade="all, delete-orphan"
    )

    def is_for(self, audience_key: str | None) -> bool:
        return audience_key is not None and audience_key in self.audience


class Module(db.Model):
    __table_args__ = (UniqueConstraint("version_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"), index=True)
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The course's refresher: outside the normal path, it does not count toward completing the course.
    is_refresher: Mapped[bool] = mapped_column(default=False, server_default="0")

    version: Mapped[CourseVersion] = relationship(back_populates="modules")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="module", order_by="Lesson.sequence")


class Lesson(db.Model):
    """A step of a course: a reading lesson, a knowledge check (quiz) or a branching scenario."""

    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    sequence: Mapped[int]  # order within the whole course: previous/next follow it
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int | None]
    html: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="lesson", server_default="lesson")
    # The rendered quiz or scenario (see app.content.activities), frozen with the version.
    spec: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    @property
    def is_activity(self) -> bool:
        return self.kind != "lesson"

    module: Mapped[Module] = relationship(back_populates="lessons")


class CourseAsset(db.Model):
    """An image shipped with a version, served from the database so every worker has it."""

    __table_args__ = (UniqueConstraint("version_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[bytes] = mapped_column(LargeBinary)
