from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class OrganisationKind(enum.StrEnum):
    GEMEENTE = "gemeente"
    PROVINCIE = "provincie"
    WATERSCHAP = "waterschap"

    @property
    def label(self) -> str:
        return str(ORGANISATION_KIND_LABELS[self])


ORGANISATION_KIND_LABELS = {
    OrganisationKind.GEMEENTE: _l("Gemeente"),
    OrganisationKind.PROVINCIE: _l("Provincie"),
    OrganisationKind.WATERSCHAP: _l("Waterschap"),
}


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(OrganisationKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A deactivated organisation's accounts cannot log in; its records and certificates stay.
    active: Mapped[bool] = mapped_column(default=True, server_default="1")

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class CouncilTerm(db.Model):
    """One zittingsperiode of an organisation's council: from the installation of the elected members
    to the day before the next installation. Stored per organisation, because a municipal merger
    (herindeling) brings its own election and installation dates."""

    __tablename__ = "council_term"
    __table_args__ = (UniqueConstraint("organisation_id", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    election_on: Mapped[date | None] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)  # installation of the new council
    ends_on: Mapped[date] = mapped_column(Date)  # last day; the next term starts the day after
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")

    def __repr__(self) -> str:
        return f"<CouncilTerm {self.organisation_id} {self.starts_on}–{self.ends_on}>"
