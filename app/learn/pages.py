"""The page for a step that is not a reading lesson (a knowledge check or scenario).

The package that plays activities sits above learn and registers its start page here, so learn
shows it without importing that package.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

ActivityPage = Callable[..., Any]  # (step, page context) -> response
_activity_page: list[ActivityPage] = []


def register_activity_page(view: ActivityPage) -> ActivityPage:
    _activity_page[:] = [view]
    return view


def activity_page(step, context: dict[str, Any]):
    if not _activity_page:
        raise LookupError("no package registered a page for activities")
    return _activity_page[0](step, context)
