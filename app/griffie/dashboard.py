"""The griffie's overview: filter, sort, count and export the assigned courses of the members."""
from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.certificates.services import local_day
from app.extensions import db
from app.griffie.models import group_member
from app.griffie.progress import Row, State, rows_for

SORTS: dict[str, Callable[[Row], tuple]] = {
    "naam": lambda r: (r.name.casefold(), r.course_title.casefold()),
    "cursus": lambda r: (r.course_title.casefold(), r.name.casefold()),
    # No deadline sorts last, as "no hurry".
    "deadline": lambda r: (r.deadline is None, r.deadline or date.max, r.name.casefold()),
    "status": lambda r: (list(State).index(r.state), r.name.casefold()),
    "afgerond": lambda r: (r.completed_at is None, r.completed_at or datetime.max, r.name.casefold()),
}


@dataclass(frozen=True)
class Filters:
    group_id: int | None = None
    course_id: int | None = None
    state: State | None = None
    sort: str = "naam"
    descending: bool = False


@dataclass(frozen=True)
class Segment:
    state: State
    count: int
    start: float  # where the segment begins on a 0-100 scale (an SVG x attribute, never a style)
    width: float


@dataclass(frozen=True)
class CourseCount:
    course_id: int
    title: str
    total: int
    completed: int
    overdue: int
    in_progress: int = 0
    not_started: int = 0

    @property
    def segments(self) -> list[Segment]:
        """The stacked bar: finished first, overdue last, each as a share of everyone assigned."""
        parts = [(State.COMPLETED, self.completed), (State.IN_PROGRESS, self.in_progress),
                 (State.NOT_STARTED, self.not_started), (State.OVERDUE, self.overdue)]
        segments, start = [], 0.0
        for state, count in parts:
            width = 100 * count / self.total if self.total else 0
            segments.append(Segment(state, count, round(start, 3), round(width, 3)))
            start += width
        return segments


@dataclass(frozen=True)
class Overview:
    rows: list[Row]
    counts: list[CourseCount]


def overview(organisation_id: int, filters: Filters, today: date) -> Overview:
    """Rows matching every filter, sorted; counts per course follow the group filter only, so the
    bars keep showing the whole picture while the table narrows down."""
    user_ids = None
    if filters.group_id:
        user_ids = set(db.session.scalars(select(group_member.c.user_id).where(group_member.c.group_id == filters.group_id)))
    rows = rows_for(organisation_id, today, user_ids)
    counts = _counts(rows)
    if filters.course_id:
        rows = [r for r in rows if r.course_id == filters.course_id]
    if filters.state:
        rows = [r for r in rows if r.state == filters.state]
    rows.sort(key=SORTS.get(filters.sort, SORTS["naam"]), reverse=filters.descending)
    return Overview(rows, counts)


def _counts(rows: list[Row]) -> list[CourseCount]:
    titles = {r.course_id: r.course_title for r in rows}
    totals = Counter(r.course_id for r in rows)
    completed = Counter(r.course_id for r in rows if r.state == State.COMPLETED)
    overdue = Counter(r.course_id for r in rows if r.state == State.OVERDUE)
    busy = Counter(r.course_id for r in rows if r.state == State.IN_PROGRESS)
    idle = Counter(r.course_id for r in rows if r.state == State.NOT_STARTED)
    return sorted((CourseCount(cid, titles[cid], totals[cid], completed[cid], overdue[cid], busy[cid], idle[cid])
                   for cid in totals), key=lambda c: c.title.casefold())


def export_csv(rows: list[Row], excel: bool) -> bytes:
    """The rows as CSV with ISO dates. For Dutch Excel: semicolons and a UTF-8 byte order mark,
    so Excel picks the right columns and keeps the accents."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(export_header())
    for row in rows:
        writer.writerow(export_cells(row))
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if excel else data


def export_header() -> list[str]:
    return [_("Naam"), _("Functie"), _("Cursus"), _("Deadline"), _("Status"), _("Afgerond op")]


def export_cells(row: Row) -> list[str]:
    return [
        row.name, row.function.label if row.function else "", row.course_title,
        row.deadline.isoformat() if row.deadline else "", row.state.label,
        local_day(row.completed_at).isoformat() if row.completed_at else "",
    ]
