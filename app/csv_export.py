"""The one way this app writes CSV: every cell neutralised against formula injection.

A spreadsheet treats a cell that starts with =, +, -, @, a tab, a carriage return or NUL as a
formula (OWASP "CSV injection"): a member named `=HYPERLINK(...)` would otherwise become a
link in the griffier's Excel. Such a cell gets a leading apostrophe, which Excel and
LibreOffice show as plain text.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: list[str], rows: Iterable[Iterable[object]], excel: bool = False) -> bytes:
    """UTF-8 CSV with CRLF lines. For Dutch Excel: semicolons and a byte order mark, so Excel picks
    the right columns and keeps the accents."""
    return b"".join(stream_csv(header, rows, excel))


def stream_csv(header: list[str], rows: Iterable[Iterable[object]], excel: bool = False,
               chunk: int = 500) -> Iterator[bytes]:
    """to_csv in pieces of `chunk` rows, for a download too large to build in memory."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    first = True
    for number, row in enumerate(rows, 1):
        writer.writerow([safe_cell(cell) for cell in row])
        if number % chunk == 0:
            yield _take(out, excel and first)
            first = False
    yield _take(out, excel and first)


def _take(out: io.StringIO, with_bom: bool) -> bytes:
    data = out.getvalue().encode("utf-8")
    out.seek(0)
    out.truncate()
    return b"\xef\xbb\xbf" + data if with_bom else data
