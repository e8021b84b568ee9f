"""Certificates valid "until the end of the term" follow their term when the administrator changes it.

A certificate follows its term when its last day is the end of the term it was earned for (as
`certificate_term_in` decides from its issue day). After a change the same rule is asked again with
the new terms: a certificate whose answer changed gets the new last day, its PDF is rendered again at
the next download, and the reminder before expiry may go out again. Certificates that do not end with
their term (issued under an older rule, or revoked) keep their date. An organisation certificate names
the term it was earned in (PDF and verify page): it gets that term's new dates too.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from app.certificates.models import Certificate, OrganisationCertificate
from app.courses.models import CourseVersion
from app.db_types import AMSTERDAM, local_day
from app.extensions import db
from app.organisations.models import Organisation
from app.organisations.terms import certificate_term_in, stored_terms, term_in


@dataclass(frozen=True)
class Moved:
    code: str
    old: date
    new: date


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), AMSTERDAM).astimezone(UTC)


def _followers(organisation: Organisation) -> list[tuple[Certificate, date]]:
    terms = stored_terms(organisation.id)
    found = db.session.scalars(
        select(Certificate).join(CourseVersion, CourseVersion.id == Certificate.version_id)
        .where(Certificate.organisation_id == organisation.id, CourseVersion.valid_for_term.is_(True),
               Certificate.revoked_at.is_(None), Certificate.expires_at.is_not(None)))
    return [(certificate, local_day(certificate.expires_at)) for certificate in found
            if local_day(certificate.expires_at)
            == certificate_term_in(terms, organisation.kind, local_day(certificate.issued_at)).ends_on]


@contextmanager
def following_terms(organisation: Organisation) -> Iterator[list[Moved]]:
    """Wrap a change of the organisation's terms; the list fills with the certificates that moved.
    When the change raises, nothing moves."""
    followers = _followers(organisation)
    moved: list[Moved] = []
    yield moved
    terms = stored_terms(organisation.id)
    for certificate, old in followers:
        new = certificate_term_in(terms, organisation.kind, local_day(certificate.issued_at)).ends_on
        if new != old:
            certificate.expires_at = _end_of(new)
            certificate.pdf = b""  # the PDF prints the last day: rendered again at the next download
            certificate.expiry_reminded_at = None
            moved.append(Moved(certificate.code, old, new))
    _follow_organisation_certificates(organisation, terms)
    db.session.flush()


def _follow_organisation_certificates(organisation: Organisation, terms) -> None:
    issued = list(db.session.scalars(select(OrganisationCertificate).where(
        OrganisationCertificate.organisation_id == organisation.id)))
    taken = {(c.course_id, c.term_starts_on) for c in issued}
    for certificate in issued:
        term = term_in(terms, organisation.kind, local_day(certificate.issued_at))
        if (certificate.term_starts_on, certificate.term_ends_on) == (term.starts_on, term.ends_on):
            continue
        # One per course and term: when terms were joined and another already holds that first day, only the end moves.
        if term.starts_on != certificate.term_starts_on and (certificate.course_id, term.starts_on) not in taken:
            taken.discard((certificate.course_id, certificate.term_starts_on))
            certificate.term_starts_on = term.starts_on
            taken.add((certificate.course_id, term.starts_on))
        certificate.term_ends_on = term.ends_on
        certificate.pdf = b""  # the PDF prints the term: rendered again at the next download


def audit_details(moved: list[Moved]) -> dict:
    return {"count": len(moved),
            "certificates": [{"code": m.code, "old": m.old.isoformat(), "new": m.new.isoformat()} for m in moved]}
