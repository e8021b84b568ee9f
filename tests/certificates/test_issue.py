"""Certificates: issued once on completion, frozen, downloadable, verifiable by anyone."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import time_machine
from pypdf import PdfReader
from sqlalchemy import func, select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.courses.services import sync_courses
from tests.conftest import csrf_from
from tests.coursefiles import COURSE_MD, write_course

LESSONS = [("begin", "een"), ("begin", "twee"), ("begin", "drie"), ("verder", "vier"), ("verder", "vijf")]


def finish_course(client, slug="testcursus"):
    for module, lesson in LESSONS:
        url = f"/leren/{slug}/{module}/{lesson}"
        client.post(url + "/klaar", data={"csrf_token": csrf_from(client.get(url).get_data(as_text=True))})


def course_with(db, tmp_path, validity=None):
    extra = f"validity: {validity}\n" if validity else ""
    sync_courses(write_course(tmp_path / "c", course_md=COURSE_MD.replace("summary:", extra + "summary:", 1)))
    db.session.commit()


def test_completion_issues_one_frozen_certificate(client, login_as, db, tmp_path):
    course_with(db, tmp_path)
    user = login_as(Role.MEMBER, name="Zoë Ağaoğlu")
    finish_course(client)
    finish_course(client)  # pressing on again changes nothing
    certificate = db.session.scalar(select(Certificate))
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert (certificate.name, certificate.course_title, certificate.course_version) == ("Zoë Ağaoğlu", "Testcursus", 1)
    assert certificate.organisation_name == user.organisation.name and certificate.expires_at is None
    user.name = "Zoë Jansen"  # a later name change does not alter the certificate
    db.session.commit()
    text = PdfReader(io.BytesIO(client.get(f"/certificaten/{certificate.id}.pdf").data)).pages[0].extract_text()
    assert "Zoë Ağaoğlu" in text and "Jansen" not in text
    assert certificate.code in text and f"http://localhost/verify/{certificate.code}" in text


def test_mijn_certificaten_lists_and_downloads(client, login_as, db, tmp_path):
    course_with(db, tmp_path, validity=24)
    with time_machine.travel(datetime(2026, 11, 22, 10, 0, tzinfo=UTC), tick=False):
        login_as(Role.MEMBER)
        finish_course(client)
        html = client.get("/certificaten").get_data(as_text=True)
        # Inside the frozen clock: the signed session cookie is only good for eight hours.
        certificate = db.session.scalar(select(Certificate))
        response = client.get(f"/certificaten/{certificate.id}.pdf")
    assert "<h1>Mijn certificaten</h1>" in html and "Testcursus" in html
    assert "22 november 2026" in html and "22 november 2028" in html and "Geldig" in html
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert f'filename="certificaat-{certificate.code}.pdf"' in response.headers["Content-Disposition"]


def test_another_members_certificate_is_not_found(client, login_as, db, tmp_path):
    course_with(db, tmp_path)
    login_as(Role.MEMBER)
    finish_course(client)
    certificate = db.session.scalar(select(Certificate))
    login_as(Role.MEMBER)
    assert client.get(f"/certificaten/{certificate.id}.pdf").status_code == 404
    login_as(Role.GRIFFIER)
    assert client.get(f"/certificaten/{certificate.id}.pdf").status_code == 404


def test_validity_until_the_end_of_the_council_term(client, login_as, db, tmp_path):
    course_with(db, tmp_path, validity="raadsperiode")
    login_as(Role.MEMBER)
    finish_course(client)
    certificate = db.session.scalar(select(Certificate))
    # Municipal councils installed on 1 April 2026 sit until the next installation, on 3 April 2030.
    assert certificate.expires_at.date().isoformat() == "2030-04-02"


def test_verify_shows_only_what_is_on_the_certificate(client, login_as, db, tmp_path):
    course_with(db, tmp_path)
    user = login_as(Role.MEMBER, name="Ruud Jansen", email="ruud.prive@gemeente.example")
    finish_course(client)
    code = db.session.scalar(select(Certificate.code))
    anonymous = client.application.test_client()
    html = anonymous.get(f"/verify/{code}").get_data(as_text=True)
    assert "Dit certificaat is geldig." in html and "Ruud Jansen" in html and "Testcursus" in html
    assert user.organisation.name in html
    assert "ruud.prive@gemeente.example" not in html
    typed = code.lower().replace("-", "").replace("0", "o")  # as a person might type it back
    response = anonymous.get(f"/verify/{typed}")
    assert response.status_code == 302 and response.headers["Location"] == f"/verify/{code}"


def test_verify_form_and_unknown_code(client, db):
    from tests.conftest import submit

    response = submit(client, "/verify", {"code": "ABCD-EFGH-JKMN-PQRS"})
    assert response.status_code == 302
    missing = client.get(response.headers["Location"])
    assert missing.status_code == 404 and "Certificaat niet gevonden" in missing.get_data(as_text=True)
    assert client.get("/verify/nonsense").status_code == 404
    html = submit(client, "/verify", {"code": ""}).get_data(as_text=True)
    assert 'href="#code">Vul de controlecode in.</a>' in html


def test_verify_says_expired(client, login_as, db, tmp_path):
    course_with(db, tmp_path, validity=1)
    with time_machine.travel(datetime(2026, 1, 31, 10, 0, tzinfo=UTC), tick=False):
        login_as(Role.MEMBER)
        finish_course(client)
    code = db.session.scalar(select(Certificate.code))
    with time_machine.travel(datetime(2026, 3, 1, 10, 0, tzinfo=UTC), tick=False):
        html = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Dit certificaat is verlopen op 28 februari 2026." in html


def test_verify_is_rate_limited(app, client, db):
    from app.extensions import limiter

    app.config["VERIFY_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    try:
        statuses = [client.get("/verify/ABCD-EFGH-JKMN-PQRS").status_code for _ in range(3)]
    finally:
        app.config["VERIFY_RATE_LIMIT"] = "1000 per minute"
        limiter.reset()
    assert statuses == [404, 404, 429]
