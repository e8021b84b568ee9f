"""Saving an organisation's local information and reading it for the course's slots.

Markdown is rendered and sanitised here, once, when the griffie saves; pages only splice the
stored HTML (see app.localinfo.splice).
"""
from __future__ import annotations

import nh3
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from app.content.render import ATTRIBUTES, TAGS, render_markdown
from app.content.slots import SLOT_NAMES
from app.db_types import utcnow
from app.extensions import db
from app.localinfo.models import LocalInfo

PDF_PATH = "/lokale-informatie/protocol.pdf"  # always the viewer's own organisation's file
PDF_MAGIC = b"%PDF-"


class InvalidLocalInfo(ValueError):
    pass


def is_pdf(data: bytes) -> bool:
    """By its bytes, not its name: every PDF starts with %PDF- (some writers put a little junk before it)."""
    return PDF_MAGIC in data[:1024]


def find_local_info(organisation_id: int) -> LocalInfo | None:
    return db.session.scalar(select(LocalInfo).where(LocalInfo.organisation_id == organisation_id))


def slot_values(organisation_id: int) -> dict[str, str]:
    """slot name -> stored HTML, in one query that leaves the PDF in the database."""
    return db.session.scalar(select(LocalInfo.html).where(LocalInfo.organisation_id == organisation_id)) or {}


def save_local_info(organisation_id: int, texts: dict[str, str], protocol_url: str = "", gedragscode_url: str = "",
                    pdf: tuple[str, bytes] | None = None, remove_pdf: bool = False) -> tuple[LocalInfo, list[str]]:
    """Store what the griffie typed and its rendered HTML; returns the row and the names of changed fields.

    Raises InvalidLocalInfo for a link that is not http(s) or a file that is not a PDF.
    """
    for url in (protocol_url, gedragscode_url):
        if url and not url.startswith(("https://", "http://")):
            raise InvalidLocalInfo(_("Een link begint met https:// of http://."))
    if pdf is not None and not is_pdf(pdf[1]):
        raise InvalidLocalInfo(_("Dit bestand is geen PDF. Kies een PDF-bestand."))
    info = find_local_info(organisation_id)
    if info is None:
        info = LocalInfo(organisation_id=organisation_id, texts={}, html={})
        db.session.add(info)
    before = _snapshot(info)
    info.texts = {name: texts.get(name, "").strip() for name in SLOT_NAMES if texts.get(name, "").strip()}
    info.protocol_url, info.gedragscode_url = protocol_url.strip(), gedragscode_url.strip()
    if pdf is not None:
        info.protocol_pdf_name, info.protocol_pdf = pdf[0][:200] or "protocol.pdf", pdf[1]
    elif remove_pdf:
        info.protocol_pdf_name, info.protocol_pdf = "", None
    info.html = _render(info)
    info.updated_at = utcnow()
    db.session.flush()
    after = _snapshot(info)
    return info, [key for key in after if before.get(key) != after[key]]


def _snapshot(info: LocalInfo) -> dict[str, str]:
    texts = info.texts or {}
    return {**{name: texts.get(name, "") for name in SLOT_NAMES}, "protocol_url": info.protocol_url or "",
            "gedragscode_url": info.gedragscode_url or "", "protocol_pdf": info.protocol_pdf_name or ""}


def _render(info: LocalInfo) -> dict[str, str]:
    html = {name: _without_images(render_markdown(text)) for name, text in info.texts.items()}
    links = {
        "protocol": [(info.protocol_url, _("Lees het protocol op de website")),
                     (PDF_PATH if info.protocol_pdf_name else "", _("Download het protocol (PDF)"))],
        "gedragscode": [(info.gedragscode_url, _("Lees de gedragscode op de website"))],
    }
    for name, pairs in links.items():
        anchors = [Markup('<p><a href="{}">{}</a></p>').format(url, label) for url, label in pairs if url]
        if anchors:
            html[name] = html.get(name, "") + "".join(anchors)
    return html


def _without_images(html: str) -> str:
    """An image from another site would tell that site who is learning; the griffie's text has none."""
    return nh3.clean(html, tags=TAGS - {"img"}, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     filter_style_properties={"text-align"}, link_rel="noopener noreferrer")
