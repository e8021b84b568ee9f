"""Kinds of job: a name, a title for the pages, and the function that does the work."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.extensions import db


class JobContext:
    """What a job function gets: the job, and `progress()` to report how far it is.

    `progress` commits: the work so far is saved with it, so a job commits in steps of its own
    choosing (each step must leave the database consistent on its own).
    """

    def __init__(self, job) -> None:
        self.job = job

    def set_total(self, total: int) -> None:
        self.job.total = total
        db.session.commit()

    def progress(self, done: int) -> None:
        self.job.done = done
        db.session.commit()


@dataclass(frozen=True)
class Kind:
    name: str
    title: Any  # a lazy string
    run: Callable[[JobContext], dict[str, Any]]
    result_template: str


KINDS: dict[str, Kind] = {}


def job_kind(name: str, *, title: Any, result_template: str) -> Callable:
    """Register `run(ctx) -> result dict`; `result_template` shows that dict on the progress page."""

    def register(run: Callable[[JobContext], dict[str, Any]]) -> Callable:
        KINDS[name] = Kind(name, title, run, result_template)
        return run

    return register
