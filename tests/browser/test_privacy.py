"""Privacy and audit pages at 1280 and 320 pixels: axe-clean, one h1, no sideways scrolling, error states."""
from __future__ import annotations

import pytest

from tests.browser.helpers import check_page, expect, login

WIDTHS = [1280, 320]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, new_context):
    return new_context(viewport={"width": request.param, "height": 800}).new_page()


def check(page, name: str) -> None:
    check_page(page, name)
    width = page.viewport_size["width"]
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{name} ({page.url}) scrolls sideways at {width}px: {scroll}px wide"


def test_privacy_statement_and_its_footer_link(page):
    page.goto("/login")
    page.get_by_role("link", name="Privacyverklaring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacyverklaring")
    check(page, "privacy statement")


def test_member_sees_asks_and_withdraws(page):
    login(page, "nieuw@voorbeeld.example")
    page.get_by_role("link", name="Mijn gegevens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    check(page, "mijn gegevens")
    page.get_by_role("link", name="Vraag om verwijderen").click()
    check(page, "erasure request")
    page.get_by_role("button", name="Vraag om verwijderen").click()
    expect(page.get_by_role("alert")).to_contain_text("Zet een vinkje")
    check(page, "erasure request without the confirmation")
    page.get_by_label("Ik begrijp dat").check()
    page.get_by_role("button", name="Vraag om verwijderen").click()
    expect(page.locator(".alert--success")).to_contain_text("Je verzoek is ontvangen")
    check(page, "mijn gegevens with a pending request")
    page.get_by_role("button", name="Verzoek intrekken").click()
    expect(page.locator(".alert--success")).to_contain_text("ingetrokken")


def test_griffier_log_and_erasure_confirmation(page):
    login(page, "griffier@voorbeeld.example")
    page.get_by_role("link", name="Logboek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logboek")
    check(page, "griffie log")
    page.get_by_label("Vanaf").fill("2026-12-31")
    page.get_by_label("Tot en met").fill("2026-01-01")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een einddatum")
    check(page, "griffie log with a wrong period")

    page.goto("/griffie/leden")
    page.get_by_role("link", name="Ilse Bakker").click()
    page.get_by_role("link", name="Gegevens verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ilse Bakker")
    check(page, "erase a member (griffie)")
    page.get_by_role("button", name="Gegevens verwijderen").click()
    expect(page.get_by_role("alert")).to_contain_text("Zet een vinkje")
    check(page, "erase a member without the confirmation")
    page.get_by_role("link", name="Terug, niets verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilse Bakker")


def test_administrator_log_and_erasure_page(page):
    login(page, "beheerder@voorbeeld.example")
    page.get_by_role("link", name="Logboek").click()
    check(page, "admin log")
    page.goto("/beheer/")
    page.get_by_role("link", name="Gemeente Anderstad").click()
    page.get_by_role("link", name="Gegevens verwijderen van Lotte Dekker").click()
    check(page, "erase an account (admin)")


def test_verify_page_of_an_erased_holder(page, live_server):
    from app.db_types import utcnow
    from app.extensions import db
    from app.privacy.services import erase
    from tests.factories import CertificateFactory, UserFactory

    with live_server.app.app_context():
        certificate = CertificateFactory(user=UserFactory(name="Weg Gewist"))
        erase(certificate.user, utcnow())
        db.session.commit()
        code = certificate.code
    page.goto(f"/verify/{code}")
    expect(page.get_by_role("heading", level=2)).to_contain_text("geldig")
    expect(page.locator(".result")).to_contain_text("De gegevens van de houder zijn")
    check(page, "verify an erased holder's certificate")
