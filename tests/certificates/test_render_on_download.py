"""Completing a course does not wait for the PDF: the certificate and its code exist at once, the
PDF is rendered on the first download and kept; lists never load the stored PDFs."""
from __future__ import annotations

from sqlalchemy import event, select

from app.auth.models import Role
from app.certificates import services
from app.certificates.models import Certificate
from app.extensions import db as _db
from tests.conftest import csrf_from

LESSONS = [("begin", "een"), ("begin", "twee"), ("begin", "drie"), ("verder", "vier"), ("verder", "vijf")]


def _finish_course(client):
    for module, lesson in LESSONS:
        url = f"/leren/testcursus/{module}/{lesson}"
        client.post(url + "/klaar", data={"csrf_token": csrf_from(client.get(url).get_data(as_text=True))})


def test_completing_renders_no_pdf_and_the_first_download_keeps_it(client, login_as, course, monkeypatch):
    member = login_as(Role.MEMBER, name="Zoë Jansen")
    rendered = []
    original = services.render_certificate
    monkeypatch.setattr(services, "render_certificate", lambda data: rendered.append(data.code) or original(data))
    _finish_course(client)
    certificate = _db.session.scalar(select(Certificate).where(Certificate.user_id == member.id))
    assert certificate.code and rendered == []
    first = client.get(f"/certificaten/{certificate.id}.pdf")
    second = client.get(f"/certificaten/{certificate.id}.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF") and second.data == first.data
    assert rendered == [certificate.code]  # once, then kept


def test_the_certificate_list_does_not_load_the_pdfs(client, login_as, course):
    member = login_as(Role.MEMBER)
    _finish_course(client)
    code = _db.session.scalar(select(Certificate.code).where(Certificate.user_id == member.id))
    seen = []
    listener = lambda conn, cursor, statement, *args: seen.append(statement.lower())
    event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        page = client.get("/certificaten").get_data(as_text=True)
    finally:
        event.remove(_db.engine, "before_cursor_execute", listener)
    assert code in page
    assert not [s for s in seen if "certificate.pdf" in s]
