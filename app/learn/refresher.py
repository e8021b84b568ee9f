"""The refresher that renews an expiring certificate, as learn shows it.

Who may take it depends on certificates, which sit above learn: that package registers the
function that answers (as activities register their page in app.learn.pages), so learn shows the
offer without importing it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.courses import version_cache


@dataclass(frozen=True)
class Offer:
    """A member's refresher for one course: open within the window, or just completed (renewed)."""

    course_id: int
    version_id: int  # the newest version: its refresher module is the one taken
    expires_at: datetime  # of the certificate it renews
    opens_at: datetime  # attempts from this moment on count
    closes_at: datetime
    is_open: bool  # False once renewed: the member may still read their results
    passed: frozenset[int] = field(default_factory=frozenset)  # refresher steps passed in this window
    renewed_code: str | None = None


OffersFor = Callable[[Any], dict[int, Offer]]  # user -> {course_id: offer}
_source: list[OffersFor] = []


def register_offers(function: OffersFor) -> OffersFor:
    _source[:] = [function]
    return function


def offers_for(user) -> dict[int, Offer]:
    return _source[0](user) if _source else {}


def steps(offer: Offer) -> list:
    """The refresher's steps (LessonInfo) in the offer's version."""
    refresher = version_cache.outline(offer.version_id).refresher
    return list(refresher.lessons) if refresher else []


def entry(offer: Offer):
    """Where the member goes on with the refresher: the first step not passed yet."""
    found = steps(offer)
    return next((step for step in found if step.id not in offer.passed), found[0] if found else None)
