"""A revoked certificate never leaves the platform looking valid, and stays out of the ZIP unless asked for."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import pypdf

from app.auth.models import Role
from tests.conftest import sign_in, submit
from tests.factories import CertificateFactory, UserFactory

REVOKED_AT = datetime(2026, 11, 2, 10, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def pair(db, organisation):
    valid = CertificateFactory(user=UserFactory(organisation=organisation, name="Geldig Lid"))
    revoked = CertificateFactory(user=UserFactory(organisation=organisation, name="Ingetrokken Lid"),
                                 revoked_at=REVOKED_AT, revoked_reason="vergissing")
    db.session.commit()
    return valid, revoked


def zip_via_job(client, query: str = "") -> zipfile.ZipFile:
    """Ask for the ZIP as the page does (a job), then download it from the job's page."""
    response = submit(client, f"/griffie/certificaten/zip{query}", {}, page=f"/griffie/certificaten{query}")
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    download = re.search(r'href="(/taken/\d+/bestand)"', job_page).group(1)
    return zipfile.ZipFile(io.BytesIO(client.get(download).get_data()))


def test_zip_leaves_revoked_out_by_default_and_marks_them_when_included(client, login_as, db):
    griffier = login_as(Role.GRIFFIER)
    valid, revoked = pair(db, griffier.organisation)
    page = client.get("/griffie/certificaten").get_data(as_text=True)
    assert "Ingetrokken Lid" in page  # still listed, with its status
    assert "Maak een ZIP van 1 certificaat" in page and "Ingetrokken certificaten zitten niet in de ZIP" in page
    assert zip_via_job(client).namelist() == [f"Geldig-Lid-{valid.code}.pdf"]
    archive = zip_via_job(client, "?ingetrokken=y")
    marked = f"Ingetrokken-Lid-{revoked.code}-ingetrokken.pdf"
    assert sorted(archive.namelist()) == sorted([f"Geldig-Lid-{valid.code}.pdf", marked])
    assert "INGETROKKEN op 2 november 2026" in text_of(archive.read(marked))
    assert archive.read(f"Geldig-Lid-{valid.code}.pdf") == valid.pdf  # a valid one is exactly as issued
    assert 'action="/griffie/certificaten/zip?ingetrokken=y"' in client.get(
        "/griffie/certificaten?ingetrokken=y").get_data(as_text=True)


def test_griffie_and_owner_downloads_of_a_revoked_certificate_say_ingetrokken(client, login_as, db):
    griffier = login_as(Role.GRIFFIER)
    _valid, revoked = pair(db, griffier.organisation)
    response = client.get(f"/griffie/certificaten/{revoked.id}.pdf")
    assert "ingetrokken.pdf" in response.headers["Content-Disposition"]
    assert "INGETROKKEN op 2 november 2026" in text_of(response.get_data())
    owner = revoked.user
    sign_in(client, owner)
    text = text_of(client.get(f"/certificaten/{revoked.id}.pdf").get_data())
    assert "INGETROKKEN op 2 november 2026" in text and revoked.code in text and "Ingetrokken Lid" in text


def test_a_valid_certificate_downloads_unmarked(client, login_as, db):
    owner = login_as(Role.MEMBER)
    certificate = CertificateFactory(user=owner)
    db.session.commit()
    assert client.get(f"/certificaten/{certificate.id}.pdf").get_data() == certificate.pdf
