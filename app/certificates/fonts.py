"""The embedded DejaVu fonts, parsed once per process.

fpdf2 parses a whole TrueType file for every document and subsets it again when writing: for
both DejaVu faces that was about 150 ms of CPU per certificate. Here each face is cut once per
process to the Latin alphabets of Europe and punctuation, parsed once, and written by
``embed.Producer`` without fontTools. Every document gets its own glyph map and descriptor on
top of the shared, read-only parsed face, so documents can be written in several threads at once.
Text with a character outside the cut (Nguyễn, Παπαδόπουλος) gets the full fonts, written the
ordinary fpdf2 way: slower but complete.
"""
from __future__ import annotations

import copy
import io
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from app.certificates.embed import Face, Producer, Program

FOLDER = Path(__file__).parent / "fonts"
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Latin-1 and Latin Extended-A and -B (Zoë, Ağaoğlu, Łukasz, Şahin, Erdős, Țurcanu, Ǆemal), quotes,
# dashes, the euro sign. Glyphs a document does not use cost it almost nothing (see embed).
COVERED = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x2050), 0x20AC, 0x2122]


class Document(FPDF):
    """An FPDF that writes the cut faces with ``embed.Producer`` (so not linearized: fpdf2's
    linearizing writer would take its place)."""

    def output(self, *args, **kwargs):
        kwargs.setdefault("output_producer_class", Producer)
        return super().output(*args, **kwargs)


@cache
def _cut_faces() -> dict[str, bytes]:
    """style -> the face cut down to COVERED, as TrueType bytes (kept in memory: no files to clean up)."""
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, hinting=False, layout_features=[])
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern", "hdmx", "MATH"]
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
def _parsed(family: str) -> dict[str, tuple[TTFFont, Program]]:
    """fontkey -> the parsed face as fpdf2's add_font would make it, and its program. Read-only."""
    holder = FPDF()
    parsed = {}
    for style, data in _cut_faces().items():
        key = f"{family.lower()}{style}"
        face = TTFFont(holder, io.BytesIO(data), key, style)
        face.close()  # its metrics are read; the program is written from Program
        parsed[key] = (face, Program(data))
    return parsed


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
    for key, (parsed, program) in _parsed(family).items():
        pdf.fonts[key] = _face(parsed, program, index=len(pdf.fonts) + 1)


def _face(parsed: TTFFont, program: Program, index: int) -> Face:
    face = Face.__new__(Face)
    for slot in TTFFont.__slots__:
        if hasattr(parsed, slot):
            setattr(face, slot, getattr(parsed, slot))
    # What a document changes is its own; the rest (glyph ids, cmap, program) is only read.
    face.i = index
    face.cw = parsed.cw.copy()  # a defaultdict: reading an unknown character adds it
    face.desc = copy.copy(parsed.desc)  # the writer numbers it and hangs the program on it
    face.missing_glyphs = []
    face.biggest_size_pt = 0
    face.subset = SubsetMap(face)
    face.ttfont = None  # closed and shared: embed.Producer writes the face from program
    face.program = program
    return face
