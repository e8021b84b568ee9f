"""Hulp en contact and the griffie's Lokale informatie, at phone and desktop width."""
from __future__ import annotations

import pytest

from tests.browser.helpers import check_page, expect, login

WIDTHS = [320, 1280]


@pytest.mark.parametrize("width", WIDTHS)
def test_visitors_reach_help_from_the_login_page(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/login")
    page.locator("header").get_by_role("link", name="Hulp en contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp en contact")
    expect(page.get_by_role("heading", name="Direct gevaar: bel 112")).to_be_visible()
    expect(page.get_by_text("Log in om de contacten van je eigen gemeente")).to_be_visible()
    check_page(page, f"help for visitors at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_members_see_their_own_organisations_contacts(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(page, "raadslid@voorbeeld.example")
    page.locator("footer").get_by_role("link", name="Hulp en contact").click()
    expect(page.get_by_text("kamer 2.14 van het gemeentehuis")).to_be_visible()  # Gemeente Voorbeeld's own
    expect(page.get_by_text("griffie@anderstad.example")).to_have_count(0)
    check_page(page, f"help for a member at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_griffier_fills_in_local_information(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(page, "griffier@anderstad.example")
    page.goto("/griffie/lokale-informatie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokale informatie van Gemeente Anderstad")
    expect(page.get_by_label("Contact van de griffie")).to_have_value("Mail de griffie: griffie@anderstad.example")
    check_page(page, f"local information at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Link naar het protocol (mag leeg blijven)").fill("intranet/protocol")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Een link begint met https:// of http://")
    check_page(page, f"local information with an error at {width}px")

    page.get_by_label("Link naar het protocol (mag leeg blijven)").fill("")
    page.get_by_label("Vertrouwenspersoon integriteit").fill("Meneer **K. Bos**")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-messages")).to_contain_text("opgeslagen")
    check_page(page, f"local information saved at {width}px")
