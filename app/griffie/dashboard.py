"""The griffie's overview: filter, sort, count and export the assigned courses of the members."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select

from app.auth.models import Function
from app.csv_export import stream_csv
from app.db_types import local_day
from app.griffie import overview_query
from app.griffie.progress import Row, State

SORTS = ("naam", "cursus", "deadline", "status", "afgerond")


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
    expired: int = 0  # completed once, certificate ran out

    @property
    def segments(self) -> list[Segment]:
        """The stacked bar: finished first, overdue last, each as a share of everyone assigned."""
        parts = [(State.COMPLETED, self.completed), (State.IN_PROGRESS, self.in_progress),
                 (State.NOT_STARTED, self.not_started), (State.EXPIRED, self.expired), (State.OVERDUE, self.overdue)]
        segments, start = [], 0.0
        for state, count in parts:
            width = 100 * count / self.total if self.total else 0
            segments.append(Segment(state, count, round(start, 3), round(width, 3)))
            start += width
        return segments


@dataclass(frozen=True)
class Overview:
    query: Select  # the matching rows, sorted; page it with overview_query.page_of, or stream it
    counts: list[CourseCount]

    @property
    def rows(self) -> list[Row]:
        return list(overview_query.each(self.query))


def overview(organisation_id: int, filters: Filters, today: date) -> Overview:
    """Rows matching every filter, sorted, as a query; counts per course follow the group filter only,
    so the bars keep showing the whole picture while the table narrows down."""
    query, state = overview_query.base(organisation_id, today, filters.group_id)
    counts = [CourseCount(*row) for row in overview_query.counts(query, state)]
    query = overview_query.narrowed(query, state, filters.course_id, filters.state)
    sort = filters.sort if filters.sort in SORTS else "naam"
    return Overview(overview_query.sorted_by(query, state, sort, filters.descending), counts)


def export_csv(rows: Iterable[Row], excel: bool) -> Iterator[bytes]:
    """The rows as CSV with ISO dates, streamed in chunks, through the shared writer that
    neutralises formulas (and writes what Dutch Excel expects when asked)."""
    cells = _cells()
    return stream_csv(export_header(), (cells(row) for row in rows), excel)


def export_header() -> list[str]:
    return [_("Naam"), _("Functie"), _("Cursus"), _("Deadline"), _("Status"), _("Afgerond op")]


def _cells():
    """export_cells with the translated labels looked up once per export, not once per row."""
    states = {state: state.label for state in State}
    functions = {function: function.label for function in Function}

    def cells(row: Row) -> list[str]:
        return [
            row.name, functions[row.function] if row.function else "", row.course_title,
            row.deadline.isoformat() if row.deadline else "", states[row.state],
            local_day(row.completed_at).isoformat() if row.completed_at else "",
        ]

    return cells


def export_cells(row: Row) -> list[str]:
    return _cells()(row)
