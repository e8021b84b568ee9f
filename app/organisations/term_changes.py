"""The administrator's changes to an organisation's terms: add, change, remove, and a merger.

Each change is checked against the other terms first (end after start, election before
installation, no overlap), with messages that name the dates involved. Services flush; the caller
commits, and re-follows the certificates that end with a term (app/certificates/term_follow.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.organisations.models import CouncilTerm, Organisation
from app.organisations.terms import TermDates

# Far enough for any council; keeps date arithmetic (the day after the last day) safe.
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Problem:
    field: str  # the form field the message belongs to
    message: str


class InvalidTerm(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _day(value: date) -> str:
    return format_date(value, "d MMMM y")


def describe(term: CouncilTerm | TermDates) -> str:
    """"1 april 2026 tot en met 2 april 2030 (verkiezing 18 maart 2026)", for messages and the audit page."""
    text = _("%(start)s tot en met %(end)s", start=_day(term.starts_on), end=_day(term.ends_on))
    if term.election_on:
        text += " " + _("(verkiezing %(date)s)", date=_day(term.election_on))
    return text


def problems_with(organisation_id: int, term: TermDates, ignore_id: int | None = None) -> list[Problem]:
    problems = [Problem(name, _("Kies een datum tussen 1990 en 2100."))
                for name in ("election_on", "starts_on", "ends_on")
                if getattr(term, name) is not None and not EARLIEST <= getattr(term, name) <= LATEST]
    if problems:
        return problems
    if term.election_on is not None and term.election_on > term.starts_on:
        problems.append(Problem("election_on", _(
            "De verkiezing (%(election)s) ligt na de installatie (%(start)s). Kies een verkiezingsdatum op of vóór "
            "de installatie.", election=_day(term.election_on), start=_day(term.starts_on))))
    if term.ends_on <= term.starts_on:
        problems.append(Problem("ends_on", _(
            "De laatste dag (%(end)s) ligt niet na de installatie (%(start)s). Kies een laatste dag na de "
            "installatie.", end=_day(term.ends_on), start=_day(term.starts_on))))
        return problems
    overlapping = db.session.scalars(select(CouncilTerm).where(
        CouncilTerm.organisation_id == organisation_id, CouncilTerm.id != (ignore_id or 0),
        CouncilTerm.starts_on <= term.ends_on, CouncilTerm.ends_on >= term.starts_on).order_by(CouncilTerm.starts_on))
    for other in overlapping:
        problems.append(Problem("starts_on", _(
            "Deze periode overlapt met de zittingsperiode van %(other)s. Pas die eerst aan, of kies andere data.",
            other=describe(other))))
    return problems


def _check(organisation_id: int, term: TermDates, ignore_id: int | None = None) -> None:
    problems = problems_with(organisation_id, term, ignore_id)
    if problems:
        raise InvalidTerm(problems)


def snapshot(term: CouncilTerm) -> dict:
    """The term's dates as plain JSON, for the audit trail."""
    return {"election_on": term.election_on.isoformat() if term.election_on else None,
            "starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat(), "note": term.note}


def add_term(organisation: Organisation, term: TermDates) -> CouncilTerm:
    _check(organisation.id, term)
    added = CouncilTerm(organisation_id=organisation.id, election_on=term.election_on, starts_on=term.starts_on,
                        ends_on=term.ends_on, note=term.note.strip())
    db.session.add(added)
    db.session.flush()
    return added


def change_term(stored: CouncilTerm, term: TermDates) -> dict:
    """Returns {"old": ..., "new": ...} for the audit trail; empty when nothing changed."""
    _check(stored.organisation_id, term, ignore_id=stored.id)
    old = snapshot(stored)
    stored.election_on, stored.starts_on, stored.ends_on = term.election_on, term.starts_on, term.ends_on
    stored.note = term.note.strip()
    db.session.flush()
    new = snapshot(stored)
    return {} if new == old else {"old": old, "new": new}


def remove_term(stored: CouncilTerm) -> dict:
    old = snapshot(stored)
    db.session.delete(stored)
    db.session.flush()
    return old


def add_merger(organisation: Organisation, merger_on: date, election_on: date, note: str) -> tuple[CouncilTerm, dict]:
    """A herindeling: the merged council sits from `merger_on` to the end of the term it falls in, and
    that term now ends the day before. Returns the new term and the shortened term's old dates."""
    bad = [Problem(name, _("Kies een datum tussen 1990 en 2100."))
           for name, value in (("merger_on", merger_on), ("election_on", election_on))
           if not EARLIEST <= value <= LATEST]
    if bad:
        raise InvalidTerm(bad)
    current = db.session.scalar(select(CouncilTerm).where(
        CouncilTerm.organisation_id == organisation.id, CouncilTerm.starts_on <= merger_on,
        CouncilTerm.ends_on >= merger_on))
    problems = []
    if current is None:
        problems.append(Problem("merger_on", _(
            "Op %(date)s loopt geen zittingsperiode van deze organisatie. Voeg eerst de zittingsperiode toe "
            "waarin de herindeling valt.", date=_day(merger_on))))
    elif current.starts_on == merger_on:
        problems.append(Problem("merger_on", _(
            "Op %(date)s begint al een zittingsperiode (%(term)s). Wijzig die zittingsperiode in plaats van een "
            "herindeling toe te voegen.", date=_day(merger_on), term=describe(current))))
    elif current.ends_on == merger_on:
        problems.append(Problem("merger_on", _(
            "Op %(date)s eindigt de zittingsperiode al. Voeg een nieuwe zittingsperiode toe die de dag erna "
            "begint.", date=_day(merger_on))))
    if election_on > merger_on:
        problems.append(Problem("election_on", _(
            "De herindelingsverkiezing (%(election)s) ligt na de herindeling (%(date)s). Kies een verkiezingsdatum "
            "vóór de herindeling.", election=_day(election_on), date=_day(merger_on))))
    if problems:
        raise InvalidTerm(problems)
    shortened = snapshot(current)
    regular_end = current.ends_on
    current.ends_on = merger_on - timedelta(days=1)
    db.session.flush()
    merged = add_term(organisation, TermDates(election_on, merger_on, regular_end, note))
    return merged, shortened
