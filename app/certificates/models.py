"""A certificate: what was true on the day it was issued, frozen, verifiable by its code."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class Certificate(db.Model):
    # One per member and course version, also when two requests complete it at once. A renewal may be
    # for the same version as the certificate it renews, so the rule holds for first certificates only;
    # each certificate is renewed at most once (renews_id is unique).
    __table_args__ = (
        Index("uq_certificate_first", "user_id", "version_id", unique=True,
              sqlite_where=text("renews_id IS NULL"), postgresql_where=text("renews_id IS NULL")),
        UniqueConstraint("renews_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(19), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"), index=True)
    # Frozen at issue: a later change of name, title or organisation does not alter the certificate.
    name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[int]
    organisation_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    expiry_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when the holder's data were erased: the name and PDF are gone; code, course and status stay.
    holder_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Empty until the first download renders and keeps it (completing a course stays fast); rendered
    # again only when the griffie reissues it after correcting the name. Deferred: lists never need it.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    reissued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The holder's language at issue: the PDF is in it, and a re-render (name change) keeps it.
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    # Set when the member renewed an expiring certificate with the course's refresher: the one renewed.
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    renews: Mapped[Certificate | None] = relationship(remote_side=[id], back_populates="renewed_by")
    renewed_by: Mapped[Certificate | None] = relationship(back_populates="renews", uselist=False)

    def status(self, now: datetime) -> str:
        """valid, expired or revoked."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "valid"


class OrganisationCertificate(db.Model):
    """Issued once per council term when every member a course is meant for has completed it;
    verifiable like a personal one."""

    __table_args__ = (UniqueConstraint("organisation_id", "course_id", "term_starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(19), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[int]
    member_count: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The term it was earned in, as it stood at issue (the administrator may change the term later).
    term_starts_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    # Empty until the first download renders and keeps it; deferred like the personal certificate's.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
