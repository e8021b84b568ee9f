"""The language switch: Accept-Language for visitors, the choice kept per account and per session."""
from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.certificates.services import stored_pdf
from tests.certificates.test_issue import course_with, finish_course
from tests.conftest import csrf_from, sign_in


def switch(client, language: str, page: str = "/login"):
    html = client.get(page).get_data(as_text=True)
    return client.post("/taal", data={"csrf_token": csrf_from(html), "language": language, "next": page})


def test_a_visitor_gets_the_browsers_language_and_dutch_otherwise(client):
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "<h1>Log in</h1>" in english
    german = client.get("/login", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="nl">' in german and "<h1>Inloggen</h1>" in german


def test_a_visitor_switches_and_the_session_remembers(client):
    response = switch(client, "en", "/verify")
    assert response.status_code == 302 and response.headers["Location"] == "/verify"
    html = client.get("/verify", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Verify a certificate" in html
    # The switch offers the other language, labelled in that language.
    assert '<button type="submit" class="button button--link" lang="nl">Nederlands</button>' in html


def test_the_switch_needs_csrf_and_only_goes_back_inside_the_app(client):
    assert client.post("/taal", data={"language": "en"}).status_code == 400
    html = client.get("/login").get_data(as_text=True)
    response = client.post("/taal", data={"csrf_token": csrf_from(html), "language": "en", "next": "//evil.example/"})
    assert response.headers["Location"] in ("/", "/login")


def test_an_unknown_language_changes_nothing(client):
    html = client.get("/login").get_data(as_text=True)
    client.post("/taal", data={"csrf_token": csrf_from(html), "language": "fr", "next": "/login"})
    assert "<h1>Inloggen</h1>" in client.get("/login").get_data(as_text=True)


def test_a_member_s_choice_is_kept_on_the_account(client, login_as, db):
    user = login_as(Role.MEMBER)
    switch(client, "en", "/leren/")
    db.session.refresh(user)
    assert user.language == "en"
    other_browser = client.application.test_client()  # a new session, same account
    sign_in(other_browser, user)
    html = other_browser.get("/leren/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>My learning</h1>" in html


def test_a_certificate_is_issued_in_its_holders_language(client, login_as, db, tmp_path):
    course_with(db, tmp_path)
    login_as(Role.MEMBER, name="Zoë Ağaoğlu", language="en")
    finish_course(client)
    certificate = db.session.scalar(select(Certificate))
    assert certificate.language == "en"
    # Rendered lazily (first download), still in the holder's language, whoever downloads first.
    text = " ".join(PdfReader(io.BytesIO(stored_pdf(certificate))).pages[0].extract_text().split())
    assert "has successfully completed the training" in text and "Issued on" in text
    assert "Hierbij verklaart" not in text
    # The verify page follows its visitor, not the holder.
    dutch = client.application.test_client().get(f"/verify/{certificate.code}", headers={"Accept-Language": "nl"})
    assert "Dit certificaat is geldig." in dutch.get_data(as_text=True)


def test_a_dutch_member_gets_a_dutch_certificate(client, login_as, db, tmp_path):
    course_with(db, tmp_path)
    login_as(Role.MEMBER)
    finish_course(client)
    certificate = db.session.scalar(select(Certificate))
    text = PdfReader(io.BytesIO(stored_pdf(certificate))).pages[0].extract_text()
    assert certificate.language == "nl" and "Uitgereikt op" in text


def test_invitations_go_out_in_the_invitees_language_not_the_senders(client, login_as, db, outbox):
    from app.auth.services import send_invitation
    from tests.factories import UserFactory

    griffier = login_as(Role.GRIFFIER, language="en")
    invitee = UserFactory(organisation=griffier.organisation, password_hash=None)
    english = UserFactory(organisation=griffier.organisation, password_hash=None, language="en")
    db.session.commit()
    with client.application.test_request_context(headers={"Accept-Language": "en"}):
        send_invitation(invitee)
        send_invitation(english)
        db.session.commit()  # mail leaves through the outbox once the transaction commits
    first, second = outbox()
    assert "Uitnodiging voor Weerbaar Leren" in first and "Invitation to Weerbaar Leren" in second


def test_the_council_report_follows_the_griffiers_language():
    from datetime import date

    from app.certificates.report import ReportData, ReportRow, render_report

    data = ReportData(organisation="Gemeente Ĳsselstein", course_title="Weerbaar besturen", generated_on=date(2026, 12, 2),
                      rows=[ReportRow("Zoë Ağaoğlu", "Raadslid", date(2026, 11, 22), "geldig"),
                            ReportRow("Jan Bos", "Wethouder", None, "")])
    english = " ".join(PdfReader(io.BytesIO(render_report(data, "en"))).pages[0].extract_text().split())
    assert "1 of 2 members have completed the training." in english and "As of 2 December 2026." in english
    assert "Completed on" in english and "not yet" in english
    dutch = " ".join(PdfReader(io.BytesIO(render_report(data, "nl"))).pages[0].extract_text().split())
    assert "1 van 2 leden hebben de training afgerond." in dutch and "nog niet" in dutch
