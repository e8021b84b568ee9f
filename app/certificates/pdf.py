"""The certificate as a one-page A4 PDF.

Pure Python without Flask, so a route, the CLI and the tests can all call it. DejaVu Sans is
embedded because the PDF core fonts only know Latin-1 and members are called Ağaoğlu or Zoë.
The text is in the holder's language (``CertificateData.language``), from the same catalogue
as the web pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from app.catalogue import long_date, translations
from app.certificates.fonts import Document, add_fonts

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"

BLUE = (11, 79, 138)        # #0b4f8a, the app's accent colour
TEXT = (26, 26, 26)
MUTED = (83, 83, 83)        # still 7:1 on white
RULE = (200, 210, 222)
REVOKED = (178, 34, 34)     # firebrick: white text on it is over 6:1

PAGE_WIDTH = 210
PAGE_HEIGHT = 297
MARGIN = 25
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 34
DETAILS_TOP = 214          # dates and code on the left, QR code on the right
VERIFY_LINE_TOP = 264


@dataclass(frozen=True)
class CertificateData:
    name: str
    course_title: str
    course_version: int
    organisation: str
    issued_on: date
    expires_on: date | None
    code: str
    verify_url: str
    language: str = "nl"
    revoked_on: date | None = None  # set: the PDF says INGETROKKEN across the page
    reissued_on: date | None = None


def render_certificate(data: CertificateData) -> bytes:
    """The certificate for one member and one course version, as PDF bytes.

    The same data gives the same bytes: the creation date is the issue date, not the clock.
    """
    _ = translations(data.language).gettext
    pdf = _new_document(data, _)
    _draw_frame(pdf)
    _draw_heading(pdf, _)
    _draw_statement(pdf, data, _)
    _draw_details(pdf, data, _)
    _draw_qr(pdf, data.verify_url, _)
    _draw_verify_line(pdf, data.verify_url, _)
    if data.revoked_on is not None:
        _draw_revoked(pdf, data, _)
    return bytes(pdf.output())


def new_document(title: str, created_on: date, *texts: str, language: str = "nl") -> FPDF:
    """An A4 document with the embedded fonts, its language and our metadata; dated, not clocked.

    texts: what the document will say beyond its fixed text (names, titles), so a rare character
    gets the full font."""
    pdf = Document(orientation="portrait", unit="mm", format="A4")
    add_fonts(pdf, FONT, title, *texts)
    pdf.set_title(title)
    pdf.set_author("Weerbaar Leren")
    pdf.set_creator("Weerbaar Leren")
    pdf.set_lang(language)
    pdf.set_creation_date(datetime.combine(created_on, time(), tzinfo=UTC))
    return pdf


def _new_document(data: CertificateData, _) -> FPDF:
    title = _("Certificaat %(course)s – %(name)s") % {"course": data.course_title, "name": data.name}
    pdf = new_document(title, data.issued_on, data.organisation, data.code, data.verify_url, language=data.language)
    pdf.set_subject(_("Controlecode %(code)s") % {"code": data.code})
    # One page, always: a long name shrinks instead of spilling onto a second sheet.
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    return pdf


def _draw_frame(pdf: FPDF) -> None:
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, PAGE_WIDTH, 6, style="F")
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.rect(14, 16, PAGE_WIDTH - 28, PAGE_HEIGHT - 30)


def _draw_heading(pdf: FPDF, _) -> None:
    pdf.set_xy(MARGIN, 30)
    _text(pdf, "Weerbaar Leren", size=13, bold=True, colour=BLUE, align=Align.L)
    pdf.set_y(72)
    _text(pdf, _("Certificaat"), size=38, bold=True, colour=BLUE)
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.8)
    pdf.line(PAGE_WIDTH / 2 - 15, pdf.get_y() + 5, PAGE_WIDTH / 2 + 15, pdf.get_y() + 5)


def _draw_statement(pdf: FPDF, data: CertificateData, _) -> None:
    pdf.set_y(112)
    _text(pdf, _("Hierbij verklaart Weerbaar Leren dat"), size=12, colour=MUTED)
    pdf.ln(7)
    _text(pdf, data.name, size=_fitting_size(pdf, data.name, largest=28, smallest=18, lines=1), bold=True)
    pdf.ln(1)
    _text(pdf, data.organisation, size=13, colour=MUTED)
    pdf.ln(9)
    _text(pdf, _("heeft de training"), size=12, colour=MUTED)
    pdf.ln(3)
    title_size = _fitting_size(pdf, data.course_title, largest=20, smallest=14, lines=2)
    _text(pdf, data.course_title, size=title_size, bold=True, colour=BLUE)
    pdf.ln(3)
    _text(pdf, _("(versie %(number)s) met goed gevolg afgerond.") % {"number": data.course_version}, size=12, colour=MUTED)


def _draw_details(pdf: FPDF, data: CertificateData, _) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, DETAILS_TOP - 8, PAGE_WIDTH - MARGIN, DETAILS_TOP - 8)
    pdf.set_y(DETAILS_TOP)
    _detail(pdf, _("Uitgereikt op"), long_date(data.issued_on, data.language))
    if data.reissued_on is not None:  # one small line, so four details still clear the verify line
        pdf.set_y(pdf.get_y() - 3)
        _text(pdf, _("opnieuw uitgereikt op %(date)s") % {"date": long_date(data.reissued_on, data.language)},
              size=8, colour=MUTED, align=Align.L, height=4)
        pdf.ln(3)
    if data.expires_on is not None:
        _detail(pdf, _("Geldig tot"), long_date(data.expires_on, data.language))
    _detail(pdf, _("Controlecode"), data.code)


def _detail(pdf: FPDF, label: str, value: str) -> None:
    _text(pdf, label, size=9, colour=MUTED, align=Align.L, height=5)
    _text(pdf, value, size=12, bold=True, align=Align.L, height=6)
    pdf.ln(3)


def _draw_revoked(pdf: FPDF, data: CertificateData, _) -> None:
    """A red band across the page and a large diagonal word: nobody can mistake it for a valid one."""
    pdf.set_fill_color(*REVOKED)
    pdf.rect(0, 44, PAGE_WIDTH, 18, style="F")
    pdf.set_xy(0, 47)
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(PAGE_WIDTH, 12, _("INGETROKKEN op %(date)s – dit certificaat is niet geldig")
             % {"date": long_date(data.revoked_on, data.language)}, align=Align.C)
    with pdf.rotation(35, x=PAGE_WIDTH / 2, y=PAGE_HEIGHT / 2), pdf.local_context(fill_opacity=0.25):
        pdf.set_font(FONT, "B", 64)
        pdf.set_text_color(*REVOKED)
        pdf.set_xy(0, PAGE_HEIGHT / 2 - 14)
        pdf.cell(PAGE_WIDTH, 28, _("INGETROKKEN"), align=Align.C)


def _draw_qr(pdf: FPDF, url: str, _) -> None:
    # Filled rectangles, one per run of dark modules in a row: sharp at any zoom like the SVG it
    # replaces, without fpdf2 parsing an SVG for every certificate. No border: the page is white.
    code = segno.make(url, error="m")
    module = QR_SIZE / len(code.matrix)
    left = PAGE_WIDTH - MARGIN - QR_SIZE
    pdf.set_fill_color(0, 0, 0)
    for y, row in enumerate(code.matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            pdf.rect(left + start * module, DETAILS_TOP + y * module, (x - start) * module, module, style="F")
    pdf.set_xy(left, DETAILS_TOP + QR_SIZE + 2)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.cell(QR_SIZE, 4, _("Scan om te controleren"), align=Align.C)


def _draw_verify_line(pdf: FPDF, url: str, _) -> None:
    pdf.set_xy(MARGIN, VERIFY_LINE_TOP)
    _text(pdf, _("Controleer dit certificaat op %(url)s") % {"url": url}, size=9, colour=MUTED, align=Align.L,
          height=5, link=url)


def _text(pdf: FPDF, text: str, *, size: float, bold: bool = False, colour: tuple[int, int, int] = TEXT,
          align: Align = Align.C, height: float | None = None, link: str = "") -> None:
    """One paragraph across the content width; wraps rather than running off the page."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    # A line height of about 1.4 times the font size (1 pt is 0.353 mm).
    height = height or size * 0.5
    if _fits_one_line(pdf, text):
        # What multi_cell would draw, without its line breaker: it measures the line again for
        # every character it adds, which made it the largest cost of a certificate's text.
        pdf.cell(CONTENT_WIDTH, height, text, align=align, link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.multi_cell(CONTENT_WIDTH, height, text, align=align, link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fits_one_line(pdf: FPDF, text: str) -> bool:
    return "\n" not in text and pdf.get_string_width(text) <= CONTENT_WIDTH - 2 * pdf.c_margin


def _fitting_size(pdf: FPDF, text: str, *, largest: float, smallest: float, lines: int) -> float:
    """The largest bold size at which the text takes at most so many lines, but never below smallest.

    Shrinking keeps a long name or course title clear of the dates and QR code below it.
    """
    size = largest
    while size > smallest:
        pdf.set_font(FONT, "B", size)
        if _fits_one_line(pdf, text):
            break
        if len(pdf.multi_cell(CONTENT_WIDTH, text=text, dry_run=True, output=MethodReturnValue.LINES)) <= lines:
            break
        size -= 1
    return size
