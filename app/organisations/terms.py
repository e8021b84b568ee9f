"""Council terms (zittingsperioden) per organisation.

The national calendar gives the defaults: municipal councils are elected every four years from 2022,
Provinciale Staten and waterschap boards every four years from 2023, on the third Wednesday of March,
and the new council is installed two weeks later (30 March 2022, 29 March 2023). An organisation keeps
its own rows, made from that calendar when it is created; the administrator changes them where an
organisation differs, such as after a merger with its own election. Services flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.organisations.models import CouncilTerm, Organisation, OrganisationKind

FIRST_ELECTION_YEAR = {
    OrganisationKind.GEMEENTE: 2022,
    OrganisationKind.PROVINCIE: 2023,
    OrganisationKind.WATERSCHAP: 2023,
}
TERM_YEARS = 4
INSTALLATION_AFTER_ELECTION = timedelta(days=14)


@dataclass(frozen=True)
class TermDates:
    election_on: date | None
    starts_on: date
    ends_on: date
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def election_day(year: int) -> date:
    """The third Wednesday of March."""
    first = date(year, 3, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 14)


def national_term(kind: OrganisationKind, day: date) -> TermDates:
    """The national calendar's term that holds `day`."""
    first = FIRST_ELECTION_YEAR[kind]
    year = first + (day.year - first) // TERM_YEARS * TERM_YEARS
    if day < election_day(year) + INSTALLATION_AFTER_ELECTION:
        year -= TERM_YEARS
    return _national(year)


def _national(year: int) -> TermDates:
    election = election_day(year)
    next_start = election_day(year + TERM_YEARS) + INSTALLATION_AFTER_ELECTION
    return TermDates(election, election + INSTALLATION_AFTER_ELECTION, next_start - timedelta(days=1))


def default_terms(kind: OrganisationKind, today: date) -> list[TermDates]:
    """The previous, the current and the next term: enough for reports, certificates and the next election."""
    current = national_term(kind, today)
    previous = national_term(kind, current.starts_on - timedelta(days=1))
    following = national_term(kind, current.ends_on + timedelta(days=1))
    return [previous, current, following]


def add_default_terms(organisation: Organisation, today: date) -> None:
    for term in default_terms(organisation.kind, today):
        db.session.add(CouncilTerm(organisation_id=organisation.id, election_on=term.election_on,
                                   starts_on=term.starts_on, ends_on=term.ends_on))
    db.session.flush()


def terms_of(organisation_id: int) -> list[CouncilTerm]:
    return list(db.session.scalars(
        select(CouncilTerm).where(CouncilTerm.organisation_id == organisation_id).order_by(CouncilTerm.starts_on)))


def _dates(term: CouncilTerm) -> TermDates:
    return TermDates(term.election_on, term.starts_on, term.ends_on, term.note)


def term_on(organisation: Organisation, day: date) -> TermDates:
    """The organisation's term that holds `day`; the national calendar where it keeps none for that day."""
    for term in terms_of(organisation.id):
        if term.starts_on <= day <= term.ends_on:
            return _dates(term)
    return national_term(organisation.kind, day)


def next_term(organisation: Organisation, day: date) -> TermDates:
    """The first term that starts after `day`: the one a new council list is for."""
    current = term_on(organisation, day)
    return term_on(organisation, current.ends_on + timedelta(days=1))


def certificate_term(organisation: Organisation, day: date) -> TermDates:
    """The term a certificate earned on `day` is valid for. Between the election and the installation,
    a newly elected member trains for the coming term, not for the few days left of the old one."""
    current = term_on(organisation, day)
    following = term_on(organisation, current.ends_on + timedelta(days=1))
    if following.election_on is not None and following.election_on <= day:
        return following
    return current
