"""The organisation report: one PDF a griffier can hand to the council."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf.fonts import FontFace

from app.catalogue import long_date, translations
from app.certificates.pdf import BLUE, FONT, MUTED, new_document


@dataclass(frozen=True)
class ReportRow:
    name: str
    function: str
    completed_on: date | None
    certificate: str  # the status in words, or empty


@dataclass(frozen=True)
class ReportData:
    organisation: str
    course_title: str
    generated_on: date
    rows: list[ReportRow]
    term_years: str = ""  # "2026–2030"; empty: no term named
    term_starts_on: date | None = None
    term_ends_on: date | None = None
    members_on: date | None = None  # the day whose council is counted, when not the day of the report

    @property
    def completed(self) -> int:
        return sum(row.completed_on is not None for row in self.rows)


def render_report(data: ReportData, language: str = "nl") -> bytes:
    """A4: the headline count ("27 van 29 leden hebben de training afgerond") and the list with dates."""
    catalogue = translations(language)
    _ = catalogue.gettext
    pdf = new_document(_("%(organisation)s: training %(course)s") % {"organisation": data.organisation,
                                                                     "course": data.course_title},
                       data.generated_on, *(f"{row.name} {row.function} {row.certificate}" for row in data.rows),
                       language=language)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_text_color(*BLUE)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(text="Weerbaar Leren", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, data.organisation + "\n" + _("Training: %(course)s") % {"course": data.course_title}, new_x="LMARGIN", new_y="NEXT")
    if data.term_years:
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, _("Zittingsperiode %(years)s") % {"years": data.term_years} + ": "
                       + _("%(start)s tot en met %(end)s") % {"start": long_date(data.term_starts_on, language),
                                                              "end": long_date(data.term_ends_on, language)},
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 13)
    if data.rows:
        headline = catalogue.ngettext("%(done)d van %(num)d lid heeft de training afgerond.",
                                      "%(done)d van %(num)d leden hebben de training afgerond.", len(data.rows)) % {
            "done": data.completed, "num": len(data.rows)}
    else:  # an earlier term, before the organisation's council had accounts here: not "0 van 0 leden"
        headline = _("Er waren geen leden voor wie de training bedoeld is.")
    pdf.multi_cell(0, 7, headline, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 6, _("Stand op %(date)s. Alleen of iemand de training heeft afgerond staat hier; "
                           "antwoorden en scores blijven privé.") % {"date": long_date(data.generated_on, language)},
                   align="L", new_x="LMARGIN", new_y="NEXT")
    if data.term_years:
        notes = [_("Een training telt voor deze zittingsperiode als ze na de verkiezing is gedaan, of als het "
                   "certificaat op de eerste dag van de zittingsperiode nog geldig was.")]
        if data.members_on and data.members_on != data.generated_on:
            notes.insert(0, _("Leden: wie op %(date)s lid was.") % {"date": long_date(data.members_on, language)})
        pdf.multi_cell(0, 6, " ".join(notes), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_text_color(0, 0, 0)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BLUE)
    with pdf.table(col_widths=(60, 35, 40, 35), headings_style=heading, line_height=7,
                   text_align=("LEFT", "LEFT", "LEFT", "LEFT")) as table:
        table.row((_("Naam"), _("Functie"), _("Afgerond op"), _("Certificaat")))
        for row in data.rows:
            table.row((row.name, row.function,
                       long_date(row.completed_on, language) if row.completed_on else _("nog niet"),
                       row.certificate))
    return bytes(pdf.output())
