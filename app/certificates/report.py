"""The organisation report: one PDF a griffier can hand to the council."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf.fonts import FontFace

from app.certificates.pdf import BLUE, FONT, MUTED, dutch_date, new_document


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

    @property
    def completed(self) -> int:
        return sum(row.completed_on is not None for row in self.rows)


def render_report(data: ReportData) -> bytes:
    """A4: the headline count ("27 van 29 leden hebben de training afgerond") and the list with dates."""
    pdf = new_document(f"{data.organisation}: training {data.course_title}", data.generated_on,
                       *(f"{row.name} {row.function} {row.certificate}" for row in data.rows))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_text_color(*BLUE)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(text="Weerbaar Leren", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, f"{data.organisation}\nTraining: {data.course_title}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 7, f"{data.completed} van {len(data.rows)} leden hebben de training afgerond.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 6, f"Stand op {dutch_date(data.generated_on)}. Alleen of iemand de training heeft afgerond "
                         "staat hier; antwoorden en scores blijven privé.", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_text_color(0, 0, 0)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BLUE)
    with pdf.table(col_widths=(60, 35, 40, 35), headings_style=heading, line_height=7,
                   text_align=("LEFT", "LEFT", "LEFT", "LEFT")) as table:
        table.row(("Naam", "Functie", "Afgerond op", "Certificaat"))
        for row in data.rows:
            table.row((row.name, row.function, dutch_date(row.completed_on) if row.completed_on else "nog niet",
                       row.certificate))
    return bytes(pdf.output())
