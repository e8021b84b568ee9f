"""Council terms in the browser: the administrator's pages and the griffier's report per term, one h1,
axe-clean at 1280 and 320 px, error states included. Only rejected forms are sent: the demo data stay."""
from __future__ import annotations

from tests.browser.helpers import expect, login
from tests.browser.test_everyday import check_widths


def test_administrator_sees_and_checks_an_organisations_terms(page):
    login(page, "beheerder@voorbeeld.example")
    page.goto("/beheer/")
    page.get_by_role("link", name="Gemeente Voorbeeld").click()
    page.get_by_role("link", name="Zittingsperioden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zittingsperioden van Gemeente Voorbeeld")
    check_widths(page, "terms")

    page.get_by_role("link", name="Wijzigen zittingsperiode vanaf").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zittingsperiode wijzigen")
    check_widths(page, "edit term")
    page.get_by_label("Laatste dag").fill("2000-01-01")
    page.get_by_role("button", name="Zittingsperiode opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("ligt niet na de installatie")
    check_widths(page, "edit term with an error")

    page.get_by_role("link", name="Zittingsperioden").click()
    page.get_by_role("link", name="Zittingsperiode toevoegen").click()
    page.get_by_label("Installatie").fill("2027-01-01")
    page.get_by_label("Laatste dag").fill("2028-01-01")
    page.get_by_role("button", name="Zittingsperiode opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze periode overlapt met de zittingsperiode van")
    summary = page.locator("#foutmeldingen a").first
    summary.click()
    expect(page.locator("#starts_on")).to_be_focused()
    check_widths(page, "new term overlapping another")

    page.goto(page.url.replace("/nieuw", "/herindeling"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Herindeling toevoegen")
    check_widths(page, "merger")
    page.get_by_role("button", name="Herindeling toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de datum van de herindeling in.")
    check_widths(page, "merger with errors")


def test_griffier_draws_the_report_for_a_term(page):
    login(page, "griffier@voorbeeld.example")
    page.goto("/griffie/rapporten")
    expect(page.get_by_text("Huidige zittingsperiode:")).to_be_visible()
    check_widths(page, "reports")
    options = page.get_by_label("Zittingsperiode").locator("option")
    page.get_by_label("Zittingsperiode").select_option(options.nth(1).get_attribute("value"))
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("main h2").first).to_contain_text("Zittingsperiode")
    check_widths(page, "reports for an earlier term")
    page.goto("/griffie/rapporten?periode=1999-01-01")
    expect(page.get_by_role("alert")).to_contain_text("Kies een zittingsperiode uit de lijst.")
    check_widths(page, "reports with an unknown term")
