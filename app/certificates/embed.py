"""Writing the cut DejaVu faces into a PDF without fontTools at write time.

fpdf2 subsets every embedded face with fontTools for every document: about 3 ms per face even
for a face already cut to Latin (mostly fontTools' fixed cost per table), plus a 128 KiB
CIDToGIDMap per face. The cut faces never change, so each is taken apart once per process
(``Program``) and a document embeds a copy in which only the glyphs it uses have outlines. The
glyph ids stay those of the cut face, so composite glyphs keep pointing at their parts and every
other table is reused byte for byte. ``Producer`` is fpdf2's own writer with only that step
replaced for the ``Face``s; any other font in the document is written the ordinary fpdf2 way.
"""
from __future__ import annotations

import io
import struct
import sys
from array import array
from collections.abc import Iterable
from itertools import accumulate

from fontTools.ttLib import TTFont
from fontTools.ttLib.sfnt import SFNTWriter
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFContentStream, PDFFont, PDFFontStream
from fpdf.syntax import Name, PDFArray


class Program:
    """One TrueType face split into its glyph outlines and its other tables, read once."""

    def __init__(self, data: bytes) -> None:
        font = TTFont(io.BytesIO(data), lazy=False)
        self.tables = {tag: font.reader[tag] for tag in font.reader.keys() if tag not in ("glyf", "loca")}
        self.long_offsets = font["head"].indexToLocFormat == 1
        offsets, glyf = font["loca"].locations, font.reader["glyf"]
        self.outlines = [glyf[start:end] for start, end in zip(offsets, offsets[1:], strict=False)]
        if not self.long_offsets and any(len(outline) % 2 for outline in self.outlines):
            raise ValueError("short loca offsets need outlines of even length")
        # Each outline's box follows its numberOfContours; an empty glyph (space) has none.
        self.boxes = [struct.unpack_from(">4h", outline, 2) if outline else None for outline in self.outlines]
        # A composite glyph (Ĳ, Ǆ) is drawn from other glyphs: those must come along.
        table, order = font["glyf"], font.getGlyphOrder()
        # By name, as fpdf2 does: the glyph_id fpdf2 gives .notdef is not one.
        self.gids = {name: gid for gid, name in enumerate(order)}
        self.parts: dict[int, frozenset[int]] = {}
        for gid, name in enumerate(order):
            if table[name].isComposite():
                self.parts[gid] = frozenset(self._all_parts(table, font, name))
        font.close()

    @staticmethod
    def _all_parts(table, font: TTFont, name: str) -> Iterable[int]:
        for part in table[name].getComponentNames(table):
            yield font.getGlyphID(part)
            if table[part].isComposite():
                yield from Program._all_parts(table, font, part)

    def with_only(self, gids: Iterable[int]) -> bytes:
        """The face as TrueType bytes, with outlines for .notdef and gids (and their parts) only."""
        keep = {0}
        for gid in gids:
            keep.add(gid)
            keep |= self.parts.get(gid, frozenset())
        kept = sorted(keep)
        lengths = [0] * len(self.outlines)
        for gid in kept:
            lengths[gid] = len(self.outlines[gid])
        offsets = [0, *accumulate(lengths)]
        boxes = [self.boxes[gid] for gid in kept if self.boxes[gid]]
        loca = array("I", offsets) if self.long_offsets else array("H", (offset // 2 for offset in offsets))
        if sys.byteorder == "little":
            loca.byteswap()  # TrueType is big-endian
        # head's box is that of the glyphs in the file, as fontTools would write it.
        head = bytearray(self.tables["head"])
        if boxes:
            struct.pack_into(">4h", head, 36, min(b[0] for b in boxes), min(b[1] for b in boxes),
                             max(b[2] for b in boxes), max(b[3] for b in boxes))
        glyf = b"".join(self.outlines[gid] for gid in kept)
        tables = {**self.tables, "head": bytes(head), "glyf": glyf, "loca": loca.tobytes()}
        output = io.BytesIO()
        writer = SFNTWriter(output, len(tables))
        for tag in sorted(tables):
            writer[tag] = tables[tag]
        writer.close()  # the table directory, checksums and head's checksum adjustment
        return output.getvalue()


class Face(TTFFont):
    """A cut face as one document uses it: its own glyph map and descriptor, the shared program."""

    __slots__ = ("program",)


class Producer(OutputProducer):
    def _add_fonts(self, *resources):
        faces = sorted((font for font in self.fpdf.fonts.values() if isinstance(font, Face)), key=lambda font: font.i)
        # Any other font (a core font, a full TrueType file) the ordinary way: for that moment this
        # document's own font registry holds only those.
        registry = self.fpdf.fonts
        every_font = dict(registry)
        for key in [key for key, font in every_font.items() if isinstance(font, Face)]:
            del registry[key]
        try:
            embedded = super()._add_fonts(*resources)
        finally:
            registry.clear()
            registry.update(every_font)
        embedded.update({face.i: self._embed(face) for face in faces})
        # fpdf2 clears these after writing too: the caches are shared by all documents and would
        # otherwise keep every document's glyph map alive. Another thread simply recomputes.
        SubsetMap.pick.cache_clear()
        SubsetMap.get_glyph.cache_clear()
        return embedded

    def _embed(self, face: Face) -> PDFFont:
        """The same objects fpdf2 writes for a TrueType face, with the program from the cut face."""
        name = f"MPDFAA+{face.name}"
        used = sorted((code, glyph) for glyph, code in face.subset.items() if glyph is not None)
        gids = [face.program.gids[glyph.glyph_name] for _, glyph in used]
        font = PDFFont(subtype="Type0", base_font=name, encoding="Identity-H")
        self._add_pdf_obj(font, "fonts")
        cid_font = PDFFont(subtype="CIDFontType2", base_font=name, d_w=face.desc.missing_width, w=_widths(used))
        self._add_pdf_obj(cid_font, "fonts")
        font.descendant_fonts = PDFArray([cid_font])
        # Which characters each code stands for: what makes the text searchable and copyable.
        font.to_unicode = PDFContentStream(_to_unicode(used).encode("latin-1"))
        self._add_pdf_obj(font.to_unicode, "fonts")
        cid_font.c_i_d_system_info = CIDSystemInfo()
        self._add_pdf_obj(cid_font.c_i_d_system_info, "fonts")
        face.desc.font_name = Name(name)
        self._add_pdf_obj(face.desc, "fonts")
        cid_font.font_descriptor = face.desc
        code_to_gid = bytearray(2 * (used[-1][0] + 1) if used else 2)
        for (code, _), gid in zip(used, gids, strict=True):
            code_to_gid[2 * code:2 * code + 2] = gid.to_bytes(2, "big")
        cid_font.c_i_d_to_g_i_d_map = PDFContentStream(bytes(code_to_gid), compress=True)
        self._add_pdf_obj(cid_font.c_i_d_to_g_i_d_map, "fonts")
        program = PDFFontStream(face.program.with_only(gids))
        self._add_pdf_obj(program, "fonts")
        face.desc.font_file2 = program
        return font


def _widths(used) -> str:
    """The W array: runs of consecutive codes with their widths in thousandths of the font size."""
    runs: list[tuple[int, list[int]]] = []
    for code, glyph in used:
        if runs and runs[-1][0] + len(runs[-1][1]) == code:
            runs[-1][1].append(int(glyph.glyph_width))
        else:
            runs.append((code, [int(glyph.glyph_width)]))
    return "[" + " ".join(f"{start} [{' '.join(map(str, widths))}]" for start, widths in runs) + "]"


def _to_unicode(used) -> str:
    entries = [f"<{code:04X}> <{''.join(chr(c) for c in glyph.unicode).encode('utf-16-be').hex().upper()}>\n"
               for code, glyph in used if isinstance(glyph.unicode, tuple) and glyph.unicode]
    # At most 100 entries per block (Adobe Technical Note #5014).
    blocks = "".join(f"{len(entries[i:i + 100])} beginbfchar\n{''.join(entries[i:i + 100])}endbfchar\n"
                     for i in range(0, len(entries), 100))
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
