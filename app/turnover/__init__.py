"""Nieuwe zittingsperiode: the griffier compares the list of the new council with the members, confirms once,
and a background job invites the newcomers, assigns their onboarding course and deactivates the leavers on the
installation day."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("turnover", __name__, url_prefix="/griffie/zittingsperiode")

from app.turnover import jobs, privacy, routes  # noqa: E402,F401  (register the job kind, privacy hooks, routes)
