"""Planner statistics after bulk writes.

PostgreSQL's autovacuum analyses a table only some time after many rows arrive. Right after a
griffie imports 1,000 members it still believes the tables are nearly empty and plans the
assigned-pairs query as a nested loop: 6.8 s instead of 40 ms. So whoever writes in bulk asks for
fresh statistics at once, after committing (ANALYZE only sees committed rows of other sessions).
"""
from __future__ import annotations

from sqlalchemy import text

from app.extensions import db


def refresh(*tables: str) -> None:
    """ANALYZE the given tables on PostgreSQL (a no-op elsewhere); commits what it did."""
    if db.engine.dialect.name != "postgresql":
        return
    known = set(db.metadata.tables)
    for table in tables:
        if table not in known:
            raise ValueError(f"unknown table {table!r}")  # the names are ours, never user input
        db.session.execute(text(f'ANALYZE "{table}"'))
    db.session.commit()


MEMBER_TABLES = ("user", "group_member", "member_group", "assignment")
COURSE_TABLES = ("course", "course_version", "module", "lesson", "course_asset")
