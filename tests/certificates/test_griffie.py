"""The griffie's certificates: filter, revoke, ZIP; and expiry reminders with time frozen."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from app.auth.models import Role
from tests.conftest import sign_in, submit
from tests.factories import CertificateFactory, UserFactory


def certificates_for(griffier, *specs):
    """specs: (name, issued_at) pairs → certificates of members of the griffier's organisation."""
    out = []
    for name, issued_at in specs:
        member = UserFactory(organisation=griffier.organisation, name=name)
        out.append(CertificateFactory(user=member, issued_at=issued_at))
    return out


def test_list_filters_by_date_and_pages(client, login_as, db):
    griffier = login_as(Role.GRIFFIER)
    certificates_for(griffier, ("Anna Oud", datetime(2026, 1, 10, 12, tzinfo=UTC)),
                     ("Bram Nieuw", datetime(2026, 11, 20, 12, tzinfo=UTC)))
    db.session.commit()
    html = client.get("/griffie/certificaten").get_data(as_text=True)
    assert "Anna Oud" in html and "Bram Nieuw" in html and "2 certificaten" in html
    html = client.get("/griffie/certificaten?van=2026-11-01&tot=2026-11-30").get_data(as_text=True)
    assert "Bram Nieuw" in html and "Anna Oud" not in html
    assert "van=2026-11-01" in html  # the ZIP link carries the same filter
    bad = client.get("/griffie/certificaten?van=2026-11-30&tot=2026-11-01").get_data(as_text=True)
    assert 'href="#tot">Kies een einddatum die na de begindatum ligt.</a>' in bad


def test_list_query_count_does_not_grow(client, login_as, db, count_queries):
    griffier = login_as(Role.GRIFFIER)
    certificates_for(griffier, ("Een", datetime(2026, 1, 1, tzinfo=UTC)))
    db.session.commit()
    with count_queries() as few:
        client.get("/griffie/certificaten")
    certificates_for(griffier, *[(f"Lid {n}", datetime(2026, 2, n + 1, tzinfo=UTC)) for n in range(20)])
    db.session.commit()
    with count_queries() as many:
        client.get("/griffie/certificaten")
    assert len(many) == len(few)


def test_revoke_with_reason_then_verify_says_revoked(client, login_as, db):
    griffier = login_as(Role.GRIFFIER)
    [certificate] = certificates_for(griffier, ("Anna Jansen", datetime(2026, 1, 10, tzinfo=UTC)))
    db.session.commit()
    url = f"/griffie/certificaten/{certificate.id}/intrekken"
    html = submit(client, url, {"reason": ""}).get_data(as_text=True)
    assert 'href="#reason">Schrijf op waarom je het certificaat intrekt.</a>' in html
    assert submit(client, url, {"reason": "Aan de verkeerde persoon uitgereikt"}).status_code == 302
    db.session.refresh(certificate)
    with client.application.test_request_context():
        from app.i18n import date_nl

        revoked_on = date_nl(certificate.revoked_at)
    verify = client.application.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert f"Dit certificaat is ingetrokken op {revoked_on}." in verify
    assert "verkeerde persoon" not in verify  # the reason is for the griffie only
    assert "Aan de verkeerde persoon uitgereikt" in client.get("/griffie/certificaten").get_data(as_text=True)


def test_zip_of_the_filtered_pdfs_is_made_by_a_job(client, login_as, db):
    griffier = login_as(Role.GRIFFIER)
    old, new = certificates_for(griffier, ("Anna Oud", datetime(2026, 1, 10, tzinfo=UTC)),
                                ("Zoë Nieuw", datetime(2026, 11, 20, tzinfo=UTC)))
    db.session.commit()
    response = submit(client, "/griffie/certificaten/zip?van=2026-11-01", {}, page="/griffie/certificaten?van=2026-11-01")
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 certificaat in de ZIP." in job_page
    download = re.search(r'href="(/taken/\d+/bestand)"', job_page).group(1)
    response = client.get(download)
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="certificaten-')
    data = response.get_data()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == [f"Zoë-Nieuw-{new.code}.pdf"]
    assert archive.read(archive.namelist()[0]) == new.pdf


def test_expiry_reminder_once_and_only_for_valid_soon_expiring(app, db, outbox):
    from app.certificates.services import send_expiry_reminders

    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    soon = CertificateFactory(expires_at=now + timedelta(days=10))
    CertificateFactory(expires_at=now + timedelta(days=90))  # not yet
    CertificateFactory(expires_at=now - timedelta(days=1))  # already expired
    CertificateFactory(expires_at=now + timedelta(days=5), revoked_at=now)  # revoked
    CertificateFactory(expires_at=None)  # never expires
    db.session.commit()
    with time_machine.travel(now, tick=False):
        assert send_expiry_reminders(now, 30) == (1, [])
        db.session.commit()
        assert send_expiry_reminders(now, 30) == (0, [])  # a second run sends nothing again
    [message] = outbox()
    assert f"To: {soon.user.email}" in message and "Je certificaat verloopt binnenkort" in message


def test_failing_mail_server_keeps_the_reminder_for_the_next_run(app, db, outbox, monkeypatch):
    from app.certificates import services

    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    CertificateFactory(expires_at=now + timedelta(days=10))
    db.session.commit()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(services, "send_email", broken)
    sent, failures = services.send_expiry_reminders(now, 30)
    assert sent == 0 and "mail server down" in failures[0]
    monkeypatch.undo()
    assert services.send_expiry_reminders(now, 30)[0] == 1


def test_remind_cli(app, db, outbox):
    CertificateFactory(expires_at=datetime.now(UTC) + timedelta(days=3))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["certificates", "remind"])
    assert result.exit_code == 0 and "1 herinnering(en) verstuurd." in result.output


def test_organisation_report_pdf_counts_and_lists_own_members(client, login_as, db, tmp_path):
    from pypdf import PdfReader

    from app.courses.services import sync_courses
    from app.learn.services import start_enrollment
    from tests.coursefiles import write_course
    from tests.factories import OrganisationFactory

    version = sync_courses(write_course(tmp_path / "c")).created[0]
    griffier = login_as(Role.GRIFFIER)
    done = UserFactory(organisation=griffier.organisation, name="Şükrü Çelik")
    UserFactory(organisation=griffier.organisation, name="Nog Bezig")
    UserFactory(organisation=griffier.organisation, name="Oud Lid", active=False)  # deactivated: not counted
    UserFactory(organisation=OrganisationFactory(), name="Ander Dorp")  # another organisation
    enrollment = start_enrollment(done, version)
    enrollment.completed_at = datetime(2026, 10, 5, 12, tzinfo=UTC)
    db.session.commit()
    assert "Download het rapport (PDF)" in client.get("/griffie/rapporten").get_data(as_text=True)
    response = client.get(f"/griffie/rapporten/{version.course_id}.pdf")
    assert response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert griffier.organisation.name in text and "Testcursus" in text
    assert "1 van 2 leden hebben de training afgerond." in text
    assert "Şükrü Çelik" in text and "5 oktober 2026" in text and "nog niet" in text
    assert "Oud Lid" not in text and "Ander Dorp" not in text
    assert client.get("/griffie/rapporten/999999.pdf").status_code == 404


def test_organisation_certificate_when_every_member_completed(client, login_as, db, tmp_path):
    from app.certificates.models import OrganisationCertificate
    from app.courses.services import sync_courses
    from tests.certificates.test_issue import finish_course
    from tests.coursefiles import write_course

    version = sync_courses(write_course(tmp_path / "c")).created[0]
    db.session.commit()
    first = login_as(Role.MEMBER)
    second = UserFactory(organisation=first.organisation)
    UserFactory(organisation=first.organisation, active=False)  # deactivated members do not count
    db.session.commit()
    finish_course(client)
    assert db.session.scalar(select(OrganisationCertificate)) is None  # one of two done
    sign_in(client, second)
    finish_course(client)
    issued = db.session.scalar(select(OrganisationCertificate))
    assert issued is not None and issued.member_count == 2 and issued.organisation_id == first.organisation_id
    html = client.application.test_client().get(f"/verify/{issued.code}").get_data(as_text=True)
    assert "Dit organisatiecertificaat is geldig." in html and first.organisation.name in html
    login_as(Role.GRIFFIER, organisation=first.organisation)
    reports = client.get("/griffie/rapporten").get_data(as_text=True)
    assert "Organisatiecertificaat uitgereikt op" in reports and "alle 2 leden hebben de training afgerond." in reports
    pdf = client.get(f"/griffie/rapporten/{version.course_id}/organisatiecertificaat.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    login_as(Role.GRIFFIER)  # another organisation's griffier
    assert client.get(f"/griffie/rapporten/{version.course_id}/organisatiecertificaat.pdf").status_code == 404


def test_an_organisation_certificate_for_one_member_says_so_in_words(client, login_as, db, tmp_path):
    """Not "alle 1 leden": a council of one (a small waterschap board, say) reads as a sentence too."""
    from app.courses.services import sync_courses
    from tests.certificates.test_issue import finish_course
    from tests.coursefiles import write_course

    sync_courses(write_course(tmp_path / "c"))
    db.session.commit()
    member = login_as(Role.MEMBER)
    finish_course(client)
    login_as(Role.GRIFFIER, organisation=member.organisation)
    reports = client.get("/griffie/rapporten").get_data(as_text=True)
    assert "het enige lid voor wie de training bedoeld is, heeft haar afgerond." in reports
    assert "alle 1 leden" not in reports
