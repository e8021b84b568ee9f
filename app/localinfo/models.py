"""An organisation's own contacts and rules, shown to its learners in the course's slots."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class LocalInfo(db.Model):
    """One row per organisation. `texts` is what the griffie typed (Markdown), `html` what learners see.

    `html` is rendered and sanitised once, when the griffie saves; pages only splice it in.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), unique=True)
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # slot name -> Markdown
    html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # slot name -> sanitised HTML
    protocol_url: Mapped[str] = mapped_column(String(500), default="")
    gedragscode_url: Mapped[str] = mapped_column(String(500), default="")
    protocol_pdf_name: Mapped[str] = mapped_column(String(200), default="")
    # Deferred: a page that splices the HTML never loads the PDF.
    protocol_pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def has_pdf(self) -> bool:
        return bool(self.protocol_pdf_name)
