"""URL converters. `<int:...>` only matches ids a database column can hold.

Every id column is a 32-bit INTEGER on PostgreSQL; a larger number in a URL made the query
itself fail ("integer out of range") and answered 500. Such an id cannot exist, so the URL
simply does not match: 404, before any query runs, on every database.
"""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
