"""The certificate PDF: everything a reader and a checker need is on it, in Dutch, in any alphabet."""
import io
from dataclasses import replace
from datetime import date

import pytest
import segno
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.catalogue import long_date
from app.certificates import pdf
from app.certificates.pdf import CertificateData, render_certificate

CODE = "7K3M-Q9TX-2D8H-VRWN"
URL = f"https://weerbaarleren.nl/certificaat/{CODE}"
DATA = CertificateData(
    name="Zoë Ağaoğlu",
    course_title="Weerbaar besturen",
    course_version=3,
    organisation="Gemeente Ĳsselstein",
    issued_on=date(2026, 11, 22),
    expires_on=date(2028, 11, 22),
    code=CODE,
    verify_url=URL,
)


def read(data: CertificateData) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(render_certificate(data)))
    # Whitespace as one space: where pypdf breaks lines is layout, not content.
    return reader, " ".join(reader.pages[0].extract_text().split())


@pytest.fixture(scope="module")
def certificate() -> tuple[PdfReader, str]:
    return read(DATA)


def test_one_a4_page(certificate):
    reader, _ = certificate
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_statement_is_on_it(certificate):
    _, text = certificate
    for expected in ("Certificaat", "Weerbaar Leren", "Zoë Ağaoğlu", "Gemeente Ĳsselstein",
                     "heeft de training", "Weerbaar besturen", "(versie 3)", "afgerond"):
        assert expected in text


def test_dates_are_in_dutch(certificate):
    _, text = certificate
    assert "Uitgereikt op 22 november 2026" in text
    assert "Geldig tot 22 november 2028" in text


def test_code_and_verify_url_are_on_it(certificate):
    _, text = certificate
    assert CODE in text
    assert f"Controleer dit certificaat op {URL}" in text


def test_metadata(certificate):
    reader, _ = certificate
    assert reader.metadata.title == "Certificaat Weerbaar besturen – Zoë Ağaoğlu"
    assert reader.metadata.author == "Weerbaar Leren"
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_names_in_other_scripts_survive():
    _, text = read(replace(DATA, name="Émile Çelik-Brønsted"))
    assert "Émile Çelik-Brønsted" in text


def test_no_expiry_line_without_expiry():
    _, text = read(replace(DATA, expires_on=None))
    assert "Geldig tot" not in text
    assert "Uitgereikt op 22 november 2026" in text


def test_a_long_title_still_fits_on_one_page():
    title = "Omgaan met agressie, intimidatie en bedreiging tegen politieke ambtsdragers in de gemeenteraad"
    reader, text = read(replace(DATA, course_title=title))
    assert len(reader.pages) == 1
    assert title in text


def test_the_qr_code_points_to_the_verify_url(monkeypatch):
    made = []
    make = pdf.segno.make

    def spy(content, **options):
        qr = make(content, **options)
        made.append((content, qr))
        return qr

    monkeypatch.setattr(pdf.segno, "make", spy)
    render_certificate(DATA)
    [(content, qr)] = made
    assert content == URL
    # segno's own reading of what it encoded: a byte-mode code, so the URL is kept as typed.
    assert qr.mode == "byte" and qr.error in ("M", "Q", "H")


def _filled_black_rectangles(reader: PdfReader) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of every rectangle the page fills in black."""
    page = reader.pages[0]
    rectangles, pending, black = [], [], False
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator in (b"rg", b"g"):  # fill colour, in RGB or grey
            black = all(float(value) == 0 for value in operands)
        elif operator == b"re":
            x, y, width, height = (float(value) for value in operands)
            pending.append((min(x, x + width), min(y, y + height), max(x, x + width), max(y, y + height)))
        elif operator in (b"f", b"F", b"f*"):
            rectangles += pending if black else []
            pending = []
        elif operator in (b"S", b"n", b"B", b"b"):
            pending = []
    return rectangles


@pytest.mark.parametrize("data", [DATA, replace(DATA, revoked_on=date(2026, 12, 1), language="en")], ids=["valid", "revoked"])
def test_the_drawn_qr_code_is_the_code_of_the_verify_url(data):
    # Read back from the page: each module is dark exactly where the QR code of the URL is dark.
    reader, _ = read(data)
    expected = segno.make(URL, error="m").matrix
    module = pdf.QR_SIZE / len(expected) * 72 / 25.4
    left, top = (pdf.PAGE_WIDTH - pdf.MARGIN - pdf.QR_SIZE) * 72 / 25.4, (pdf.PAGE_HEIGHT - pdf.DETAILS_TOP) * 72 / 25.4
    rectangles = _filled_black_rectangles(reader)

    def dark(row: int, column: int) -> bool:
        x, y = left + (column + 0.5) * module, top - (row + 0.5) * module
        return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in rectangles)

    drawn = [[dark(row, column) for column in range(len(expected))] for row in range(len(expected))]
    assert drawn == [[bool(value) for value in row] for row in expected]
    # and nothing dark around it, where a scanner looks for the quiet zone
    assert not any(dark(row, column) for row in (-1, len(expected)) for column in range(-1, len(expected) + 1))


def test_the_same_data_gives_the_same_bytes():
    assert render_certificate(DATA) == render_certificate(DATA)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 1, 1), "1 januari 2026"),
    (date(2026, 3, 9), "9 maart 2026"),
    (date(2028, 11, 22), "22 november 2028"),
    (date(2026, 12, 31), "31 december 2026"),
])
def test_dutch_date(day, expected):
    assert long_date(day, "nl") == expected
