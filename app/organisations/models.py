from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, String
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
