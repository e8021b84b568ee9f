"""Pages anyone can reach without an account, in their normal and error states."""
from __future__ import annotations

from tests.browser.helpers import check_page, expect


def test_login_page(page):
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    check_page(page, "login")


def test_login_failed(page):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill("raadslid@voorbeeld.example")
    page.get_by_label("Wachtwoord").fill("helemaal-niet-goed")
    page.get_by_role("button", name="Inloggen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Inloggen is niet gelukt")
    expect(summary).to_contain_text("Het e-mailadres of het wachtwoord klopt niet")
    check_page(page, "login after a wrong password")


def test_login_empty_submit_shows_field_errors(page):
    page.goto("/login")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is iets niet goed ingevuld")
    expect(page.locator("#email-error")).to_contain_text("Vul je e-mailadres in.")
    expect(page.locator("#password-error")).to_contain_text("Vul je wachtwoord in.")
    expect(page.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    check_page(page, "login after an empty submit")


def test_forgot_password_error_then_confirmation(page):
    page.goto("/wachtwoord-vergeten")
    check_page(page, "forgot password")
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.locator("#email-error")).to_contain_text("Vul je e-mailadres in.")
    check_page(page, "forgot password after an empty submit")
    page.get_by_label("E-mailadres").fill("raadslid@voorbeeld.example")
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je e-mail")
    check_page(page, "reset link sent")


def test_invalid_invitation_link(page):
    response = page.goto("/uitnodiging/xyz")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    check_page(page, "invalid invitation link")


def test_not_found_page(page):
    response = page.goto("/bestaat-niet")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    check_page(page, "404")
