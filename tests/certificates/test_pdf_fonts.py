"""The fonts are parsed once per process; a name in any script still comes out right."""
from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from app.certificates import fonts
from app.certificates.pdf import render_certificate
from tests.certificates.test_pdf import DATA


def _text(data) -> str:
    return " ".join(PdfReader(io.BytesIO(render_certificate(data))).pages[0].extract_text().split())


def test_ordinary_certificates_do_not_parse_the_font_files_again(monkeypatch):
    render_certificate(DATA)  # the first one in a process parses them
    opened = []
    original = fonts.FPDF.add_font
    monkeypatch.setattr(fonts.FPDF, "add_font", lambda self, *args, **kw: opened.append(args) or original(self, *args, **kw))
    text = _text(replace(DATA, name="Łukasz Şahin-de Vries"))
    assert "Łukasz Şahin-de Vries" in text
    assert opened == []


def test_a_name_outside_the_cut_fonts_gets_the_full_fonts():
    for name in ("Nguyễn Văn An", "Αλέξανδρος Παπαδόπουλος", "Олена Шевченко"):
        assert name in _text(replace(DATA, name=name))
