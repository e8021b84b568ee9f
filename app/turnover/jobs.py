"""The turnover's run as a background job with progress."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app import statistics
from app.db_types import local_day, utcnow
from app.jobs import JobContext, job_kind
from app.turnover import services


@job_kind("turnover", title=_l("Nieuwe zittingsperiode"), result_template="turnover/_job_result.html")
def run_turnover(ctx: JobContext) -> dict:
    turnover_id = int(ctx.job.params["turnover_id"])
    if not services.claim(turnover_id):
        return {"turnover_id": turnover_id, "already": True}  # a double submit, or a retry of a finished run
    try:
        result = services.run(turnover_id, local_day(utcnow()), ctx.progress)
    except Exception:
        services.fail(turnover_id)
        raise
    statistics.refresh(*statistics.MEMBER_TABLES)
    return result
