"""Council terms per organisation: the national calendar by default, the organisation's own dates
where they differ (a merger), and certificates valid "for the term" that follow them."""
from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.organisations.models import CouncilTerm, OrganisationKind
from app.organisations.services import create_organisation, remove_organisation
from app.organisations.terms import certificate_term, next_term, term_on
from tests.certificates.test_issue import course_with, finish_course


def test_a_new_organisation_gets_the_national_terms_of_its_kind(db):
    with time_machine.travel(datetime(2026, 12, 6, 12, 0, tzinfo=UTC), tick=False):
        gemeente = create_organisation("Gemeente Termijn", OrganisationKind.GEMEENTE)
        provincie = create_organisation("Provincie Termijn", OrganisationKind.PROVINCIE)
    stored = db.session.scalars(select(CouncilTerm).where(CouncilTerm.organisation_id == gemeente.id)
                                .order_by(CouncilTerm.starts_on)).all()
    assert [(t.election_on, t.starts_on, t.ends_on) for t in stored] == [
        (date(2022, 3, 16), date(2022, 3, 30), date(2026, 3, 31)),
        (date(2026, 3, 18), date(2026, 4, 1), date(2030, 4, 2)),
        (date(2030, 3, 20), date(2030, 4, 3), date(2034, 3, 28)),
    ]
    # Provinciale Staten are elected in March 2027: their current term ends then, not in 2031.
    assert term_on(provincie, date(2026, 12, 6)).ends_on == date(2027, 3, 30)
    assert next_term(provincie, date(2026, 12, 6)).starts_on == date(2027, 3, 31)


def test_a_merged_municipality_follows_its_own_election(db):
    merged = create_organisation("Gemeente Samengevoegd", OrganisationKind.GEMEENTE)
    current = db.session.scalar(select(CouncilTerm).where(CouncilTerm.organisation_id == merged.id,
                                                          CouncilTerm.starts_on == date(2026, 4, 1)))
    current.ends_on = date(2026, 12, 31)  # the old councils step down the day before the merger
    db.session.add(CouncilTerm(organisation_id=merged.id, election_on=date(2026, 11, 25), starts_on=date(2027, 1, 1),
                               ends_on=date(2030, 4, 2), note="Herindelingsverkiezing"))
    db.session.flush()
    assert term_on(merged, date(2027, 6, 1)).starts_on == date(2027, 1, 1)
    assert next_term(merged, date(2026, 12, 6)).starts_on == date(2027, 1, 1)
    # Trained between the merger election and the installation: valid for the new council's term.
    assert certificate_term(merged, date(2026, 12, 6)).ends_on == date(2030, 4, 2)
    assert certificate_term(merged, date(2026, 11, 1)).ends_on == date(2026, 12, 31)


def test_certificate_for_the_term_follows_the_members_organisation(client, login_as, db, tmp_path):
    course_with(db, tmp_path, validity="raadsperiode")
    with time_machine.travel(datetime(2026, 12, 6, 10, 0, tzinfo=UTC), tick=False):
        member = login_as(Role.MEMBER)
        db.session.add(CouncilTerm(organisation_id=member.organisation_id, election_on=date(2026, 11, 25),
                                   starts_on=date(2027, 1, 1), ends_on=date(2030, 4, 2), note="Herindeling"))
        db.session.add(CouncilTerm(organisation_id=member.organisation_id, election_on=date(2022, 3, 16),
                                   starts_on=date(2022, 3, 30), ends_on=date(2026, 12, 31)))
        db.session.commit()
        finish_course(client)
    certificate = db.session.scalar(select(Certificate))
    assert certificate.expires_at.date() == date(2030, 4, 2)


def test_removing_an_empty_organisation_removes_its_terms(db):
    organisation = create_organisation("Gemeente Leeg", OrganisationKind.WATERSCHAP)
    remove_organisation(organisation)
    assert db.session.scalars(select(CouncilTerm)).all() == []
