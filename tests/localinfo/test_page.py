"""The griffie's "Lokale informatie" page: validation, sanitising, the PDF, and per-organisation access."""
from __future__ import annotations

import io

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.localinfo.models import LocalInfo
from app.localinfo.services import find_local_info
from tests.conftest import submit
from tests.factories import OrganisationFactory, UserFactory

URL = "/griffie/lokale-informatie"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_griffier_saves_markdown_that_is_rendered_sanitised_and_audited(client, db, login_as):
    griffier = login_as(Role.GRIFFIER)
    text = ("**Mevrouw A. de Vries**, bereikbaar via [de griffie](mailto:griffie@test.example).\n\n"
            "<script>alert(1)</script> [klik](javascript:alert(1)) ![volg](https://tracker.test.example/pixel.png)")
    response = submit(client, URL, {"vertrouwenspersoon": text, "griffie": "Kamer 2.14"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "De lokale informatie is opgeslagen" in page
    assert "Mevrouw A. de Vries" in page  # the form shows what was typed
    info = find_local_info(griffier.organisation_id)
    html = info.html["vertrouwenspersoon"]
    assert "<strong>Mevrouw A. de Vries</strong>" in html and 'href="mailto:griffie@test.example"' in html
    assert "<script" not in html and "javascript:" not in html
    assert "tracker.test.example" not in html  # no images from elsewhere: they would see who learns
    assert info.html["griffie"] == "<p>Kamer 2.14</p>"
    assert "veiligheid" not in info.html  # left empty: the course's fallback shows
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "local_info.updated"))
    assert entry.organisation_id == griffier.organisation_id and entry.actor_id == griffier.id
    assert sorted(entry.details["fields"]) == ["griffie", "vertrouwenspersoon"]


def test_each_field_says_where_the_learner_sees_it(client, login_as):
    login_as(Role.GRIFFIER)
    page = client.get(URL).get_data(as_text=True)
    for label in ("Vertrouwenspersoon integriteit", "Contact voor veiligheid en agressie", "Contact van de griffie",
                  "Protocol agressie en geweld", "Gedragscode", "Meer van je organisatie"):
        assert label in page
    assert page.count("Cursisten zien dit") == 6


def test_a_link_must_be_a_web_address(client, db, login_as):
    griffier = login_as(Role.GRIFFIER)
    response = submit(client, URL, {"protocol_url": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "Een link begint met https:// of http://" in response.get_data(as_text=True)
    assert find_local_info(griffier.organisation_id) is None


def test_protocol_link_and_pdf_are_added_to_the_protocol_text(client, db, login_as):
    griffier = login_as(Role.GRIFFIER)
    submit(client, URL, {"protocol": "Meld het dezelfde dag.", "protocol_url": "https://intranet.test.example/protocol",
                         "protocol_pdf": (io.BytesIO(PDF), "protocol.pdf")}, content_type="multipart/form-data")
    info = find_local_info(griffier.organisation_id)
    assert info.protocol_pdf == PDF and info.protocol_pdf_name == "protocol.pdf"
    html = info.html["protocol"]
    assert "Meld het dezelfde dag." in html
    assert 'href="https://intranet.test.example/protocol"' in html and 'href="/lokale-informatie/protocol.pdf"' in html

    response = client.get("/lokale-informatie/protocol.pdf")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"  # one organisation's document: never kept by a cache

    submit(client, URL, {"protocol": "Meld het dezelfde dag.", "remove_pdf": "y"})
    db.session.expire_all()
    info = find_local_info(griffier.organisation_id)
    assert not info.has_pdf and "protocol.pdf" not in info.html["protocol"]
    assert client.get("/lokale-informatie/protocol.pdf").status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(client, db, login_as):
    griffier = login_as(Role.GRIFFIER)
    response = submit(client, URL, {"protocol_pdf": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "protocol.pdf")},
                      content_type="multipart/form-data")
    assert "Dit bestand is geen PDF" in response.get_data(as_text=True)
    assert find_local_info(griffier.organisation_id) is None


def test_a_pdf_above_the_limit_is_refused(app, client, db, login_as, monkeypatch):
    # small, because the test client leaks the temporary file of a multipart body above 500 kB
    monkeypatch.setitem(app.config, "LOCAL_INFO_PDF_MAX_BYTES", 100 * 1024)
    griffier = login_as(Role.GRIFFIER)
    big = PDF + b"0" * (100 * 1024)
    response = submit(client, URL, {"protocol_pdf": (io.BytesIO(big), "groot.pdf")}, content_type="multipart/form-data")
    assert "De PDF is groter dan 100 kB" in response.get_data(as_text=True)
    assert find_local_info(griffier.organisation_id) is None


def test_only_the_griffier_edits(client, db, login_as):
    login_as(Role.MEMBER)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"griffie": "x"}).status_code in (400, 403)


def test_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302
    assert client.get("/lokale-informatie/protocol.pdf").status_code == 302


def test_another_organisations_griffier_sees_and_changes_only_their_own(client, db, login_as):
    other = OrganisationFactory(name="Gemeente Elders")
    db.session.add(LocalInfo(organisation_id=other.id, texts={"griffie": "Geheim nummer Elders"},
                             html={"griffie": "<p>Geheim nummer Elders</p>"}, protocol_pdf=PDF,
                             protocol_pdf_name="elders.pdf"))
    db.session.commit()
    griffier = login_as(Role.GRIFFIER)
    page = client.get(URL).get_data(as_text=True)
    assert "Geheim nummer Elders" not in page and "elders.pdf" not in page
    assert client.get("/lokale-informatie/protocol.pdf").status_code == 404  # Elders' PDF is not theirs
    submit(client, URL, {"griffie": "Ons nummer"})
    db.session.expire_all()
    assert find_local_info(other.id).html["griffie"] == "<p>Geheim nummer Elders</p>"
    assert find_local_info(griffier.organisation_id).html["griffie"] == "<p>Ons nummer</p>"


def test_a_member_of_another_organisation_cannot_download_the_pdf(client, db, login_as):
    owner = UserFactory(role=Role.GRIFFIER)
    db.session.add(LocalInfo(organisation_id=owner.organisation_id, texts={}, html={}, protocol_pdf=PDF,
                             protocol_pdf_name="protocol.pdf"))
    db.session.commit()
    login_as(Role.MEMBER)
    assert client.get("/lokale-informatie/protocol.pdf").status_code == 404
