"""The fonts are parsed once per process; a name in any script still comes out right, every letter
is really drawn, and certificates made at the same time in several threads come out as made alone."""
from __future__ import annotations

import io
import re
import threading
from dataclasses import replace
from datetime import date

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from app.certificates import fonts
from app.certificates.pdf import render_certificate
from tests.certificates.test_pdf import DATA

EUROPEAN_NAMES = ["Łukasz Şahin-de Vries", "Erdős Őrsi", "Ioana Țurcanu-Știrbu", "Ǆemal Ǉubić", "Ærø Ñúñez-Ğöçer"]


def _text(data) -> str:
    return " ".join(PdfReader(io.BytesIO(render_certificate(data))).pages[0].extract_text().split())


def test_ordinary_certificates_do_not_parse_the_font_files_again(monkeypatch):
    render_certificate(DATA)  # the first one in a process parses them
    opened = []
    original = fonts.FPDF.add_font
    monkeypatch.setattr(fonts.FPDF, "add_font", lambda self, *args, **kw: opened.append(args) or original(self, *args, **kw))
    for name in EUROPEAN_NAMES:
        assert name in _text(replace(DATA, name=name, organisation=f"Gemeente {name}"))
    assert opened == []


def test_a_name_outside_the_cut_fonts_gets_the_full_fonts():
    for name in ("Nguyễn Văn An", "Αλέξανδρος Παπαδόπουλος", "Олена Шевченко"):
        assert name in _text(replace(DATA, name=name))


def _drawn_characters(pdf: bytes) -> dict[str, set[str]]:
    """font name -> the characters whose glyph in the embedded font has an outline."""
    drawn: dict[str, set[str]] = {}
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        cid_font = font["/DescendantFonts"][0].get_object()
        program = TTFont(io.BytesIO(cid_font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        code_to_gid = cid_font["/CIDToGIDMap"].get_object().get_data()
        glyf = program["glyf"]
        unicode_map = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        for code, text in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", unicode_map):
            gid = int.from_bytes(code_to_gid[2 * int(code, 16):2 * int(code, 16) + 2], "big")
            coordinates, _, _ = glyf[program.getGlyphName(gid)].getCoordinates(glyf)
            if len(coordinates):
                drawn.setdefault(str(font["/BaseFont"]), set()).add(bytes.fromhex(text).decode("utf-16-be"))
    return drawn


@pytest.mark.parametrize("data", [
    DATA,
    replace(DATA, name="Ǆemal Ǉubić-Țurcanu", organisation="Gemeente Ĳsselstein", language="en"),
    replace(DATA, revoked_on=date(2026, 12, 1), reissued_on=date(2026, 11, 30)),
    replace(DATA, name="Nguyễn Văn An"),
], ids=["dutch", "english-latin-extended", "revoked", "full-fonts"])
def test_every_letter_on_the_certificate_is_drawn(data):
    # Text can be extractable and still invisible when a glyph has no outline: check the outlines.
    pdf = render_certificate(data)
    drawn = set().union(*_drawn_characters(pdf).values())
    text = _text(data)
    assert {char for char in text if not char.isspace()} <= drawn
    assert {char for char in data.name if not char.isspace()} <= drawn


def test_a_certificate_carries_only_the_letters_it_uses():
    # The whole cut fonts would make each certificate about three times as large.
    assert len(render_certificate(replace(DATA, name=EUROPEAN_NAMES[3]))) < 24_000


def test_certificates_made_at_the_same_time_are_as_made_alone():
    people = [replace(DATA, name=name, code=f"CODE-{i}", language=("en", "nl")[i % 2]) for i, name in
              enumerate([*EUROPEAN_NAMES, "Zoë Jansen", "Nguyễn Văn An", "Piet de Vries"])]
    alone = [render_certificate(data) for data in people]
    together: list[bytes | None] = [None] * len(people)
    barrier = threading.Barrier(len(people))

    def make(i: int) -> None:
        barrier.wait()
        for _ in range(3):
            together[i] = render_certificate(people[i])

    threads = [threading.Thread(target=make, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert together == alone


def test_a_document_that_also_uses_a_core_font_still_comes_out_whole():
    from app.certificates.pdf import FONT, new_document

    document = new_document("Verslag", date(2026, 11, 22), "Zoë Ağaoğlu")
    document.add_page()
    document.set_font(FONT, "B", 12)
    document.cell(text="Zoë Ağaoğlu", new_x="LMARGIN", new_y="NEXT")
    document.set_font("helvetica", "", 12)
    document.cell(text="Plain Helvetica")
    text = " ".join(PdfReader(io.BytesIO(bytes(document.output()))).pages[0].extract_text().split())
    assert text == "Zoë Ağaoğlu Plain Helvetica"
