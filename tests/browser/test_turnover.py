"""Nieuwe zittingsperiode in the browser with the demo's provincie: each step axe-clean at 320 and 1280 px."""
from __future__ import annotations

from pathlib import Path

from tests.browser.helpers import check_page, expect, login

CSV = Path(__file__).resolve().parents[2] / "docs" / "demo" / "nieuwe-staten.csv"
WIDTHS = (320, 1280)


def check_both(page, name: str) -> None:
    page.wait_for_load_state("load")  # the stylesheet too: a busy machine may still be fetching it
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_page(page, f"{name} at {width} px")


def test_new_council_term_from_the_demo_list(page):
    login(page, "griffier@provincie-voorbeeld.example")
    page.goto("/griffie/leden")
    page.get_by_role("link", name="Nieuwe zittingsperiode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe zittingsperiode")
    check_both(page, "turnover upload")
    page.get_by_role("button", name="Bekijk wat er gebeurt").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een CSV-bestand.")
    check_both(page, "turnover upload after an empty submit")

    page.get_by_label("CSV-bestand").set_input_files(str(CSV))
    page.get_by_role("button", name="Bekijk wat er gebeurt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de nieuwe zittingsperiode")
    expect(page.get_by_role("heading", name="Blijven (3)")).to_be_visible()
    expect(page.get_by_role("heading", name="Vertrekken (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="Nieuw (3)")).to_be_visible()
    expect(page.get_by_label("Cursus voor nieuwe leden")).to_have_value(
        page.get_by_label("Cursus voor nieuwe leden").locator("option", has_text="in de provincie").get_attribute("value"))
    check_both(page, "turnover preview")

    page.get_by_label("Deadline: aantal weken na de installatie").fill("0")
    page.get_by_role("button", name="Bevestigen en uitvoeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een aantal weken van 1 tot en met 52.")
    check_both(page, "turnover preview with an error")
    page.get_by_role("alert").get_by_role("link").click()
    expect(page.locator("#weeks")).to_be_focused()

    page.get_by_label("Deadline: aantal weken na de installatie").fill("6")
    page.get_by_role("button", name="Bevestigen en uitvoeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe zittingsperiode")  # the job's page
    expect(page.locator("main")).to_contain_text("3 uitnodigingen klaargezet.", timeout=15000)
    check_both(page, "turnover job result")
    page.get_by_role("link", name="Naar het overzicht van deze zittingsperiode").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("installatie op")
    check_both(page, "turnover summary")

    page.goto("/griffie/leden")
    expect(page.get_by_role("row", name="Koen de Graaf")).to_contain_text("Gedeactiveerd")  # from the installation
