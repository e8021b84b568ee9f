"""The administrator adjusts an organisation's council terms; certificates valid for the term follow."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.certificates.models import Certificate
from app.db_types import local_day
from app.extensions import db as _db
from app.organisations.models import CouncilTerm, OrganisationKind
from app.organisations.services import create_organisation
from tests.certificates.test_issue import course_with, finish_course
from tests.conftest import csrf_from, sign_in, submit
from tests.factories import OrganisationFactory, UserFactory

TODAY = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def terms(organisation_id: int) -> list[tuple]:
    _db.session.expire_all()
    return [(t.election_on, t.starts_on, t.ends_on, t.note) for t in _db.session.scalars(
        select(CouncilTerm).where(CouncilTerm.organisation_id == organisation_id).order_by(CouncilTerm.starts_on))]


def actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def form(election: str, start: str, end: str, note: str = "") -> dict:
    return {"election_on": election, "starts_on": start, "ends_on": end, "note": note}


@pytest.fixture
def gemeente(db):
    organisation = create_organisation("Gemeente Termijnstad", OrganisationKind.GEMEENTE)
    db.session.commit()
    return organisation


def term_id(organisation_id: int, starts_on: date) -> int:
    return _db.session.scalar(select(CouncilTerm.id).where(CouncilTerm.organisation_id == organisation_id,
                                                           CouncilTerm.starts_on == starts_on))


def test_the_administrator_sees_the_terms_in_dutch_dates(client, login_as, gemeente):
    login_as(Role.ADMIN)
    assert "Zittingsperioden" in client.get(f"/beheer/organisaties/{gemeente.id}").get_data(as_text=True)
    html = client.get(f"/beheer/organisaties/{gemeente.id}/zittingsperioden").get_data(as_text=True)
    assert "1 april 2026" in html and "2 april 2030" in html and "18 maart 2026" in html
    assert html.count("<h1") == 1


def test_a_term_is_added_changed_and_removed_each_audited(client, login_as, gemeente):
    login_as(Role.ADMIN)
    base = f"/beheer/organisaties/{gemeente.id}/zittingsperioden"
    last = term_id(gemeente.id, date(2030, 4, 3))
    assert submit(client, f"{base}/{last}/verwijderen", {}, page=base).status_code == 302
    current = term_id(gemeente.id, date(2026, 4, 1))
    changed = submit(client, f"{base}/{current}", form("2026-03-18", "2026-04-01", "2030-03-26"))
    assert changed.status_code == 302
    added = submit(client, f"{base}/nieuw", form("2030-03-13", "2030-03-27", "2034-03-28", "Vervroegd"))
    assert added.status_code == 302
    assert terms(gemeente.id)[1:] == [(date(2026, 3, 18), date(2026, 4, 1), date(2030, 3, 26), ""),
                                      (date(2030, 3, 13), date(2030, 3, 27), date(2034, 3, 28), "Vervroegd")]
    html = client.get(base).get_data(as_text=True)
    assert "27 maart 2030" in html and "26 maart 2030" in html
    assert actions() == ["term.removed", "term.changed", "term.added"]
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "term.changed"))
    assert entry.details["old"]["ends_on"] == "2030-04-02" and entry.details["new"]["ends_on"] == "2030-03-26"
    assert entry.organisation_id == gemeente.id


def test_bad_dates_get_specific_errors_in_the_summary(client, login_as, gemeente):
    login_as(Role.ADMIN)
    base = f"/beheer/organisaties/{gemeente.id}/zittingsperioden"
    html = submit(client, f"{base}/nieuw", form("2031-05-01", "2031-04-01", "2031-03-01")).get_data(as_text=True)
    assert ('href="#election_on">De verkiezing (1 mei 2031) ligt na de installatie (1 april 2031).' in html)
    assert 'href="#ends_on">De laatste dag (1 maart 2031) ligt niet na de installatie (1 april 2031).' in html
    html = submit(client, f"{base}/nieuw", form("", "2029-01-01", "2031-01-01")).get_data(as_text=True)
    assert ('href="#starts_on">Deze periode overlapt met de zittingsperiode van 1 april 2026 tot en met 2 april 2030 '
            '(verkiezing 18 maart 2026).') in html
    assert "3 april 2030 tot en met 28 maart 2034" in html  # the next term too
    html = submit(client, f"{base}/nieuw", form("", "9999-01-01", "9999-12-31")).get_data(as_text=True)
    assert "Kies een datum tussen 1990 en 2100." in html
    html = submit(client, f"{base}/nieuw", form("", "", "")).get_data(as_text=True)
    assert "Vul de dag van de installatie in." in html and "Vul de laatste dag in." in html
    # A date that was typed but does not exist is not "fill in the date": it says the date is wrong.
    html = submit(client, f"{base}/nieuw", form("", "2031-02-31", "20310-01-01")).get_data(as_text=True)
    assert 'href="#starts_on">Ongeldige datum.' in html and 'href="#ends_on">Ongeldige datum.' in html
    assert "Vul de dag van de installatie in." not in html and "Vul de laatste dag in." not in html
    html = submit(client, f"{base}/herindeling", {"merger_on": "2028-13-01", "election_on": "2027-11-24"}).get_data(
        as_text=True)
    assert 'href="#merger_on">Ongeldige datum.' in html and "Vul de datum van de herindeling in." not in html
    assert len(terms(gemeente.id)) == 3 and actions() == []


def test_a_merger_brings_its_own_election_and_shortens_the_running_term(client, login_as, gemeente):
    login_as(Role.ADMIN)
    url = f"/beheer/organisaties/{gemeente.id}/zittingsperioden/herindeling"
    late = submit(client, url, {"merger_on": "2027-01-01", "election_on": "2027-02-01", "note": "Herindeling"})
    assert "De herindelingsverkiezing (1 februari 2027) ligt na de herindeling (1 januari 2027)." in late.get_data(
        as_text=True)
    start = submit(client, url, {"merger_on": "2026-04-01", "election_on": "2026-03-01"}).get_data(as_text=True)
    assert "Op 1 april 2026 begint al een zittingsperiode" in start
    assert submit(client, url, {"merger_on": "2027-01-01", "election_on": "2026-11-25",
                                "note": "Herindelingsverkiezing"}).status_code == 302
    assert terms(gemeente.id)[1:3] == [
        (date(2026, 3, 18), date(2026, 4, 1), date(2026, 12, 31), ""),
        (date(2026, 11, 25), date(2027, 1, 1), date(2030, 4, 2), "Herindelingsverkiezing"),
    ]
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "term.merger_added"))
    assert entry.details["shortened"]["ends_on"] == "2030-04-02"


def test_certificates_valid_for_the_term_follow_its_new_end(client, login_as, db, tmp_path, frozen):
    course_with(db, tmp_path, validity="raadsperiode")
    organisation = create_organisation("Gemeente Volgt", OrganisationKind.GEMEENTE)
    db.session.commit()
    frozen.move_to(datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    early = login_as(Role.MEMBER, organisation=organisation)
    finish_course(client)
    frozen.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))  # after the merger election below
    late = login_as(Role.MEMBER, organisation=organisation)
    finish_course(client)
    frozen.move_to(TODAY)
    revoked = login_as(Role.MEMBER, organisation=organisation)
    finish_course(client)
    db.session.scalar(select(Certificate).where(Certificate.user_id == revoked.id)).revoked_at = TODAY
    db.session.commit()

    def last_days() -> list[date]:
        db.session.expire_all()
        return [local_day(db.session.scalar(select(Certificate).where(Certificate.user_id == u.id)).expires_at)
                for u in (early, late, revoked)]

    assert last_days() == [date(2030, 4, 2)] * 3
    login_as(Role.ADMIN)
    base = f"/beheer/organisaties/{organisation.id}/zittingsperioden"
    current = term_id(organisation.id, date(2026, 4, 1))
    response = submit(client, f"{base}/{current}", form("2026-03-18", "2026-04-01", "2030-03-31"),
                      follow_redirects=True)
    assert "2 certificaten die gelden voor de zittingsperiode, hebben nu een andere laatste dag." in response.get_data(
        as_text=True)
    assert last_days() == [date(2030, 3, 31), date(2030, 3, 31), date(2030, 4, 2)]  # revoked: left as it was
    # The merger: trained before its election, valid until the day before; after it, for the merged council.
    submit(client, f"{base}/herindeling", {"merger_on": "2027-01-01", "election_on": "2026-11-25"})
    assert last_days() == [date(2026, 12, 31), date(2030, 3, 31), date(2030, 4, 2)]
    moved = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificates.expiry_moved")
                               .order_by(AuditEntry.id)).all()
    assert [m.details["count"] for m in moved] == [2, 1]
    assert moved[1].details["certificates"][0] == {
        "code": db.session.scalar(select(Certificate.code).where(Certificate.user_id == early.id)),
        "old": "2030-03-31", "new": "2026-12-31"}
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == early.id))
    sign_in(client, early)
    from io import BytesIO

    from pypdf import PdfReader
    text = PdfReader(BytesIO(client.get(f"/certificaten/{certificate.id}.pdf").data)).pages[0].extract_text()
    assert "31 december 2026" in text


def test_the_national_calendar_can_be_taken_over(client, login_as, db):
    login_as(Role.ADMIN)
    organisation = OrganisationFactory(kind=OrganisationKind.PROVINCIE)
    db.session.commit()
    base = f"/beheer/organisaties/{organisation.id}/zittingsperioden"
    assert "Zolang geldt de landelijke kalender: nu van 29 maart 2023 tot en met 30 maart 2027." in client.get(
        base).get_data(as_text=True)
    submit(client, f"{base}/landelijk", {}, page=base)
    assert [t[1] for t in terms(organisation.id)] == [date(2019, 4, 3), date(2023, 3, 29), date(2027, 3, 31)]


def test_only_the_administrator_changes_terms_and_only_through_the_right_organisation(client, login_as, db, app):
    mine, other = create_organisation("Gemeente Een", OrganisationKind.GEMEENTE), OrganisationFactory()
    db.session.commit()
    base = f"/beheer/organisaties/{mine.id}/zittingsperioden"
    term = term_id(mine.id, date(2026, 4, 1))
    pages = [base, f"{base}/nieuw", f"{base}/{term}", f"{base}/herindeling"]
    posts = [f"{base}/{term}/verwijderen", f"{base}/landelijk", f"{base}/nieuw", f"{base}/{term}",
             f"{base}/herindeling"]
    for role in (Role.GRIFFIER, Role.MEMBER, Role.TRAINER):
        sign_in(client, UserFactory(role=role, organisation=mine))
        token = csrf_from(client.get("/account").get_data(as_text=True))
        assert {client.get(url).status_code for url in pages} == {403}
        assert {client.post(url, data={"csrf_token": token}).status_code for url in posts} == {403}
    login_as(Role.ADMIN)
    # Another organisation's term through this organisation's address, or one that does not exist: 404.
    wrong = f"/beheer/organisaties/{other.id}/zittingsperioden/{term}"
    assert client.get(wrong).status_code == 404
    assert submit(client, wrong + "/verwijderen", {}, page=base).status_code == 404
    assert client.get(f"{base}/99999999999").status_code == 404
    assert client.get("/beheer/organisaties/999999/zittingsperioden").status_code == 404
    # Without the CSRF token nothing is removed.
    assert client.post(f"{base}/{term}/verwijderen").status_code == 400
    assert len(terms(mine.id)) == 3


def test_an_organisation_certificate_names_its_term_as_it_is_after_a_merger(client, login_as, db, tmp_path):
    """Its verify page and PDF said "tot en met 2 april 2030" after a merger had ended that term in 2026."""
    from io import BytesIO

    from pypdf import PdfReader

    from app.certificates.models import OrganisationCertificate

    course_with(db, tmp_path, validity="raadsperiode")
    organisation = create_organisation("Gemeente Samen", OrganisationKind.GEMEENTE)
    db.session.commit()
    member = login_as(Role.MEMBER, organisation=organisation)
    finish_course(client)  # the only member: the organisation earns its certificate for 2026-2030
    issued = db.session.scalar(select(OrganisationCertificate))
    assert (issued.term_starts_on, issued.term_ends_on) == (date(2026, 4, 1), date(2030, 4, 2))
    login_as(Role.GRIFFIER, organisation=organisation)
    client.get(f"/griffie/rapporten/{issued.course_id}/organisatiecertificaat.pdf")  # rendered and kept
    login_as(Role.ADMIN)
    submit(client, f"/beheer/organisaties/{organisation.id}/zittingsperioden/herindeling",
           {"merger_on": "2027-01-01", "election_on": "2026-11-25"}, follow_redirects=True)
    page = client.get(f"/verify/{issued.code}").get_data(as_text=True)
    assert "1 april 2026 tot en met 31 december 2026" in page and "2 april 2030" not in page
    login_as(Role.GRIFFIER, organisation=organisation)
    pdf = client.get(f"/griffie/rapporten/{issued.course_id}/organisatiecertificaat.pdf").data
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "2026–2030" not in text and "2026" in text
    assert member.organisation_id == organisation.id
