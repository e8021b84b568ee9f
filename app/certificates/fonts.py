"""The embedded DejaVu fonts, parsed once per process.

fpdf2 parses a whole TrueType file for every document and subsets it again when writing: for
both DejaVu faces that was about 150 ms of CPU per certificate. Here each face is cut down once
to the Latin letters Dutch names use and punctuation, parsed once, and every document gets a copy of the parsed face with its own lazily
opened copy of the bytes, because writing a PDF subsets that file in place. Text with a character outside the
cut gets the full fonts, slower but complete.
"""
from __future__ import annotations

import copy
import io
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont

FOLDER = Path(__file__).parent / "fonts"
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Latin-1 and Latin Extended-A (Zoë, Ağaoğlu, Łukasz, Şahin), quotes, dashes, the euro sign: fewer glyphs
# make every document cheaper to write; anything else (Nguyễn) takes the full fonts.
COVERED = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2050), 0x20AC, 0x2122]


@cache
def _cut_faces() -> dict[str, bytes]:
    """style -> the face cut down to COVERED, as TrueType bytes (kept in memory: no files to clean up)."""
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, hinting=False, layout_features=[])
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern", "hdmx"]
    faces = {}
    for style, name in FACES.items():
        with TTFont(FOLDER / name, recalcTimestamp=False) as font:
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=COVERED)
            subsetter.subset(font)
            output = io.BytesIO()
            font.save(output)
        faces[style] = output.getvalue()
    return faces


@cache
def _parsed(family: str) -> dict[str, TTFFont]:
    """fontkey -> the parsed face, as fpdf2's add_font would make it."""
    holder = FPDF()
    for style, data in _cut_faces().items():
        key = f"{family.lower()}{style}"
        holder.fonts[key] = TTFFont(holder, io.BytesIO(data), key, style)
    return dict(holder.fonts)


@cache
def _covered() -> frozenset[int]:
    with TTFont(io.BytesIO(_cut_faces()[""]), lazy=True) as font:
        return frozenset(font.getBestCmap())


def add_fonts(pdf: FPDF, family: str, *texts: str) -> None:
    """Give pdf both DejaVu faces under family, ready to write the given texts."""
    covered = _covered()
    if any(ord(char) not in covered for text in texts for char in text):
        for style, name in FACES.items():
            pdf.add_font(family, style, FOLDER / name)
        return
    faces = _cut_faces()
    for key, parsed in _parsed(family).items():
        face = copy.deepcopy(parsed)
        face.i = len(pdf.fonts) + 1
        # Writing the PDF subsets this in place, so each document opens its own from the bytes.
        face.ttfont = TTFont(io.BytesIO(faces[parsed.fontkey[len(family):]]), recalcTimestamp=False, lazy=True)
        pdf.fonts[key] = face
