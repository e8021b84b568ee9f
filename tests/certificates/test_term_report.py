"""The council report and the organisation certificate per term: who was on the council in that term,
and which trainings count for it."""
from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from pypdf import PdfReader

from app.auth.models import Role
from app.certificates.models import OrganisationCertificate
from app.certificates.services import issue_organisation_certificate_if_complete, report_for
from app.courses.services import sync_courses
from app.db_types import utcnow
from app.learn.models import Enrollment
from app.organisations.models import OrganisationKind
from app.organisations.services import create_organisation
from app.organisations.terms import term_on
from tests.conftest import sign_in
from tests.coursefiles import write_course
from tests.factories import CertificateFactory, UserFactory

TODAY = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
OLD, CURRENT = date(2022, 3, 30), date(2026, 4, 1)  # the national municipal terms around today


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=UTC)


@pytest.fixture
def council(db, tmp_path):
    """A municipality across the 2026 election, with a course without an end date."""
    with time_machine.travel(TODAY, tick=False):
        organisation = create_organisation("Gemeente Raadsperiode", OrganisationKind.GEMEENTE)
    version = sync_courses(write_course(tmp_path / "c")).created[0]
    people = {}

    def member(name, created, deactivated=None, completed=None, **extra):
        user = UserFactory(organisation=organisation, name=name, created_at=created, active=deactivated is None,
                           deactivated_at=deactivated, **extra)
        if completed:
            db.session.add(Enrollment(user=user, course_id=version.course_id, version_id=version.id,
                                      started_at=completed, completed_at=completed))
            CertificateFactory(user=user, course_id=version.course_id, version_id=version.id, issued_at=completed)
        people[name] = user

    member("Anna Blijft", at(2025, 1, 10), completed=at(2025, 6, 1))  # re-elected, trained in the old term
    member("Bert Vertrekt", at(2024, 5, 1), deactivated=at(2026, 4, 1))  # left at the installation
    member("Cor Nieuw", at(2026, 3, 25), completed=at(2026, 3, 28))  # invited after the election
    member("Dirk Tussentijds", at(2023, 1, 1), deactivated=at(2025, 2, 1), completed=at(2024, 1, 5))
    member("Eva Later", at(2026, 10, 1))
    member("Fien Gewist", at(2023, 1, 1), erased_at=at(2026, 5, 1), deactivated=at(2026, 5, 1))
    db.session.commit()
    return organisation, version, people


def rows(report) -> dict[str, date | None]:
    return {row.name: row.completed_on for row in report.rows}


def test_each_term_counts_its_own_council(council, db):
    organisation, version, _people = council
    with time_machine.travel(TODAY, tick=False):
        old = report_for(organisation, version.course_id, utcnow(), term_on(organisation, OLD))
        current = report_for(organisation, version.course_id, utcnow())
    # The old council on its last day: Bert left at the installation, Dirk resigned earlier, Cor was
    # elected for the new council.
    assert rows(old) == {"Anna Blijft": date(2025, 6, 1), "Bert Vertrekt": None}
    assert (old.term_years, old.members_on) == ("2022\u20132026", date(2026, 3, 31))
    # The running council today: Anna's certificate (no end date) carries into the new term; Cor
    # trained after the election, which counts for the council he was elected to.
    assert rows(current) == {"Anna Blijft": date(2025, 6, 1), "Cor Nieuw": date(2026, 3, 28), "Eva Later": None}
    assert current.term_years == "2026\u20132030" and current.completed == 2


def test_a_certificate_that_ended_with_the_old_term_does_not_count_for_the_new_one(db, tmp_path):
    from tests.certificates.test_issue import COURSE_MD

    course_md = COURSE_MD.replace("summary:", "validity: raadsperiode\nsummary:", 1)
    version = sync_courses(write_course(tmp_path / "c", course_md=course_md)).created[0]
    with time_machine.travel(TODAY, tick=False):
        organisation = create_organisation("Gemeente Opnieuw", OrganisationKind.GEMEENTE)
    anna = UserFactory(organisation=organisation, name="Anna Blijft", created_at=at(2025, 1, 10))
    db.session.add(Enrollment(user=anna, course_id=version.course_id, version_id=version.id,
                              started_at=at(2025, 6, 1), completed_at=at(2025, 6, 1)))
    CertificateFactory(user=anna, course_id=version.course_id, version_id=version.id, issued_at=at(2025, 6, 1),
                       expires_at=datetime(2026, 3, 31, 21, 59, 59, tzinfo=UTC))
    db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        report = report_for(organisation, version.course_id, utcnow())
    assert rows(report) == {"Anna Blijft": None}
    assert report.rows[0].certificate == "verlopen"


def test_the_griffier_chooses_the_term_and_the_pdf_names_it(council, client, db):
    organisation, version, _people = council
    griffier = UserFactory(organisation=organisation, role=Role.GRIFFIER, created_at=at(2025, 1, 1))
    db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, griffier)
        html = client.get("/griffie/rapporten").get_data(as_text=True)
        assert "Huidige zittingsperiode: 1 april 2026 tot en met 2 april 2030." in html
        assert "Volgende verkiezing: 20 maart 2030." in html
        assert '<option selected value="2026-04-01">' in html and 'value="2022-03-30"' in html
        old_page = client.get("/griffie/rapporten?periode=2022-03-30").get_data(as_text=True)
        assert f"/griffie/rapporten/{version.course_id}.pdf?periode=2022-03-30" in old_page
        assert "In deze zittingsperiode is geen organisatiecertificaat uitgereikt." in old_page
        bad = client.get("/griffie/rapporten?periode=2018-03-28").get_data(as_text=True)
        assert 'href="#periode">Kies een zittingsperiode uit de lijst.</a>' in bad
        response = client.get(f"/griffie/rapporten/{version.course_id}.pdf?periode=2022-03-30")
        text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
        assert "Zittingsperiode 2022–2026: 30 maart 2022 tot en met 31 maart 2026" in text
        assert "1 van 2 leden hebben de training afgerond." in text and "Cor Nieuw" not in text
        assert "Leden: wie op 31 maart 2026 lid was." in text
        assert "2022-2026" in response.headers["Content-Disposition"]
        current = client.get(f"/griffie/rapporten/{version.course_id}.pdf")
        text = PdfReader(io.BytesIO(current.data)).pages[0].extract_text()
        assert "Zittingsperiode 2026–2030" in text and "2 van 3 leden hebben de training afgerond." in text
        assert client.get(f"/griffie/rapporten/{version.course_id}.pdf?periode=2030-04-03").status_code == 404
        assert client.get(f"/griffie/rapporten/{version.course_id}.pdf?periode=zomaar").status_code == 404


def test_one_organisation_certificate_per_term(council, client, db):
    organisation, version, people = council
    eva = people["Eva Later"]
    db.session.add(Enrollment(user=eva, course_id=version.course_id, version_id=version.id,
                              started_at=at(2026, 11, 1), completed_at=at(2026, 11, 1)))
    # Issued in the old term, when that council had all completed it.
    old = OrganisationCertificate(code="AAAA-BBBB-CCCC-DDDD", organisation_id=organisation.id,
                                  course_id=version.course_id, organisation_name=organisation.name,
                                  course_title="Testcursus", course_version=1, member_count=2,
                                  issued_at=at(2025, 7, 1), term_starts_on=OLD, term_ends_on=date(2026, 3, 31),
                                  pdf=b"")
    db.session.add(old)
    db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        issued = issue_organisation_certificate_if_complete(organisation, version.course_id)
        db.session.commit()
    assert issued.id != old.id and (issued.term_starts_on, issued.member_count) == (CURRENT, 3)
    with time_machine.travel(TODAY, tick=False):
        assert issue_organisation_certificate_if_complete(organisation, version.course_id).id == issued.id
    griffier = UserFactory(organisation=organisation, role=Role.GRIFFIER)
    db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, griffier)
        for query, code in (("", issued.code), ("?periode=2022-03-30", old.code)):
            pdf = client.get(f"/griffie/rapporten/{version.course_id}/organisatiecertificaat.pdf{query}")
            text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
            assert code in text
            assert ("Zittingsperiode2022–2026" if query else "Zittingsperiode2026–2030") in text.replace("\n", "")
        page = client.get(f"/verify/{issued.code}").get_data(as_text=True)
        assert "1 april 2026 tot en met 2 april 2030" in page
        # Another organisation's griffier, for the same course and term: nothing to download.
        sign_in(client, UserFactory(role=Role.GRIFFIER))
        assert client.get(f"/griffie/rapporten/{version.course_id}/organisatiecertificaat.pdf").status_code == 404
        assert client.get(f"/griffie/rapporten/{version.course_id}/organisatiecertificaat.pdf"
                          "?periode=2022-03-30").status_code == 404


def test_reports_are_for_the_griffier_only(client, login_as, db, tmp_path):
    version = sync_courses(write_course(tmp_path / "c")).created[0]
    db.session.commit()
    for role in (Role.MEMBER, Role.TRAINER, Role.ADMIN):
        login_as(role)
        for url in ("/griffie/rapporten", f"/griffie/rapporten/{version.course_id}.pdf?periode=2022-03-30",
                    f"/griffie/rapporten/{version.course_id}/organisatiecertificaat.pdf"):
            assert client.get(url).status_code == 403


def test_a_term_without_members_says_so_instead_of_0_of_0(client, login_as, db, tmp_path):
    """An organisation that joined in this term: the previous term's report had "0 van 0 leden"."""
    version = sync_courses(write_course(tmp_path / "c")).created[0]
    with time_machine.travel(TODAY, tick=False):
        organisation = create_organisation("Gemeente Nieuwkomer", OrganisationKind.GEMEENTE)
        UserFactory(organisation=organisation, name="Nu Lid")
        login_as(Role.GRIFFIER, organisation=organisation)
        response = client.get(f"/griffie/rapporten/{version.course_id}.pdf?periode=2022-03-30")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Er waren geen leden voor wie de training bedoeld is." in text
    assert "0 van 0" not in text and "Nu Lid" not in text


def test_a_scheduled_leaver_belongs_to_the_old_council_only(council, db):
    """The turnover sets a leaver's last day before the daily command deactivates the account: from
    the installation day the new council's report leaves them out, the old one keeps them."""
    organisation, version, _people = council
    with time_machine.travel(TODAY, tick=False):
        UserFactory(organisation=organisation, name="Gijs Gepland", created_at=at(2024, 2, 1),
                    deactivate_on=date(2026, 12, 1))
        db.session.commit()
        old = report_for(organisation, version.course_id, utcnow(), term_on(organisation, OLD))
        current = report_for(organisation, version.course_id, utcnow())
    assert "Gijs Gepland" in rows(old) and "Gijs Gepland" not in rows(current)
