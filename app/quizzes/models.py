"""Attempts at knowledge checks and scenarios, with every answer and its time."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.courses.models import Lesson
from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class Attempt(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id"), index=True)
    # The quiz or scenario of one course version: an attempt never moves to another version.
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    number: Mapped[int]
    seed: Mapped[str] = mapped_column(String(32))  # keeps shuffled options stable per attempt
    # What this attempt asks and in which order (drawn questions, option and choice order), fixed at the
    # start. NULL for attempts begun before layouts existed: they keep the order they started with.
    layout: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    current: Mapped[str | None] = mapped_column(String(100), nullable=True)  # scenario: where the member is
    ending: Mapped[str | None] = mapped_column(String(100), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    score: Mapped[int | None]
    passed: Mapped[bool | None]

    lesson: Mapped[Lesson] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="attempt", order_by="Answer.step",
                                                 cascade="all, delete-orphan")

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Answer(db.Model):
    """One answered question or one choice in a scenario. (attempt, step) is unique, so a
    double click, a second tab or a replayed form can never record the same step twice."""

    __table_args__ = (UniqueConstraint("attempt_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    step: Mapped[int]
    node: Mapped[str] = mapped_column(String(100))  # question id or situation id
    choices: Mapped[list[str]] = mapped_column(JSON)  # option ids, or the one choice id
    correct: Mapped[bool | None]
    points: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class AttemptGrant(db.Model):
    """The griffie gave a member new attempts at one activity, after the last one failed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    attempts: Mapped[int]
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
