"""The everyday pages of issue 15 in the browser: one h1, axe-clean at 1280 and at 320 px wide
(nothing wider than the screen), error states included. Nothing here changes the demo data."""
from __future__ import annotations

from tests.browser.helpers import assert_one_h1, check_page, expect, login

WIDTHS = (1280, 320)


def check_widths(page, name: str, axe: bool = True) -> None:
    """axe=False only where scripts are off (axe is a script); the same page is checked with them on."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        if axe:
            check_page(page, f"{name} at {width}px")
        else:
            assert_one_h1(page, name)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_griffier_edits_a_member_and_changes_a_deadline(page):
    login(page, "griffier@voorbeeld.example")
    page.goto("/griffie/leden")
    page.get_by_role("link", name="Ruud Jansen").click()
    page.get_by_role("link", name="Gegevens wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevens van Ruud Jansen wijzigen")
    check_widths(page, "edit member")
    page.get_by_label("Naam", exact=True).fill("")
    page.get_by_label("E-mailadres").fill("griffier@voorbeeld.example")  # in use by the griffier
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de naam in.")
    check_widths(page, "edit member with errors")

    page.goto("/griffie/toewijzingen")
    page.get_by_role("link", name="Deadline wijzigen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadline wijzigen")
    check_widths(page, "change deadline")
    page.get_by_label("Nieuwe deadline").fill("2020-01-01")
    page.get_by_role("button", name="Deadline opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een deadline vandaag of later.")
    check_widths(page, "change deadline with an error")


def test_member_page_offers_reissue_and_the_member_list_resend_all(page):
    login(page, "griffier@voorbeeld.example")
    page.goto("/griffie/leden")
    page.get_by_role("link", name="Willem de Boer").click()
    expect(page.get_by_role("button", name="Opnieuw uitreiken op naam van Willem de Boer (Weerbaar besturen)")).to_be_visible()
    check_widths(page, "member with a certificate to reissue")

    page.goto("/griffie/leden")
    page.get_by_text("hebben de uitnodiging nog niet aangenomen").or_(
        page.get_by_text("heeft de uitnodiging nog niet aangenomen")).click()
    check_widths(page, "members with resend all open")
    page.get_by_role("button", name="Alle openstaande uitnodigingen opnieuw versturen").click()
    expect(page.locator(".flash-messages")).to_contain_text("Bevestig eerst")
    check_page(page, "members after an unconfirmed resend all")


def test_group_picker_with_and_without_javascript(page, new_context):
    login(page, "griffier@voorbeeld.example")
    page.goto("/griffie/groepen")
    page.get_by_role("link", name="Raad", exact=True).click()
    check_widths(page, "group picker")
    search = page.get_by_label("Zoek op naam of e-mailadres")
    search.fill("noor")  # the script filters while typing
    expect(page.locator("[data-picker-text]:visible")).to_have_count(1)
    page.get_by_role("link", name="getoonde lid aanvinken").or_(
        page.get_by_role("link", name="getoonde leden aanvinken")).click()
    expect(page.get_by_label("Noor El Amrani")).to_be_checked()

    quiet = new_context(java_script_enabled=False).new_page()
    login(quiet, "griffier@voorbeeld.example")
    quiet.goto(page.url.split("?")[0].split("#")[0])
    quiet.get_by_label("Zoek op naam of e-mailadres").fill("xyz-niemand")
    quiet.get_by_role("button", name="Zoeken").click()
    expect(quiet.get_by_text("Geen leden gevonden met „xyz-niemand”.")).to_be_visible()
    check_widths(quiet, "group picker without JavaScript, nothing found", axe=False)
    quiet.get_by_label("Zoek op naam of e-mailadres").fill("voorbeeld.example")
    quiet.get_by_role("button", name="Zoeken").click()
    quiet.get_by_role("link", name="getoonde leden aanvinken").click()
    assert quiet.locator("input[name=members]").count() > 1
    assert quiet.locator("input[name=members]:not(:checked)").count() == 0
    page.goto(quiet.url)  # the same filtered, all-ticked page, now with axe
    check_widths(page, "group picker filtered with all ticked")


def test_an_empty_organisation_starts_with_inviting(page):
    login(page, "griffier@nieuwdorp.example")
    expect(page.get_by_role("heading", name="Begin met het uitnodigen van de leden")).to_be_visible()
    expect(page.get_by_role("button", name="Herinneringen nu versturen")).to_have_count(0)
    check_widths(page, "empty organisation overview")


def test_mijn_resultaten(page):
    login(page, "wethouder@voorbeeld.example")
    page.get_by_role("link", name="Mijn resultaten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn resultaten")
    expect(page.get_by_text("Geslaagd").first).to_be_visible()
    check_widths(page, "mijn resultaten")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")


def test_admin_pages_for_everyday_work(page):
    login(page, "beheerder@voorbeeld.example")
    page.get_by_role("link", name="Gebruik", exact=True).click()
    expect(page.get_by_role("row", name="Gemeente Voorbeeld")).to_be_visible()
    check_widths(page, "usage")

    page.get_by_role("link", name="Gebruikers", exact=True).click()
    check_widths(page, "user search")
    page.goto("/beheer/gebruikers?q=" + "x" * 101)  # longer than the field lets you type
    expect(page.get_by_role("alert")).to_be_visible()
    check_widths(page, "user search with an error")
    page.get_by_label("Zoek op naam of e-mailadres").fill("griffier")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Henk Smit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henk Smit")
    check_widths(page, "edit account")
    page.get_by_label("Naam", exact=True).fill("")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de naam in.")
    check_widths(page, "edit account with an error")

    page.goto("/beheer/")
    page.get_by_role("link", name="Gemeente Nieuwdorp").click()
    page.get_by_role("link", name="Naam, deactiveren of verwijderen").click()
    check_widths(page, "manage organisation")
    page.get_by_label("Naam").fill("")
    page.get_by_role("button", name="Naam opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de naam in.")
    check_widths(page, "manage organisation with an error")


def test_link_pages(page, live_server):
    from sqlalchemy import select

    from app.auth import tokens
    from app.auth.models import User
    from app.extensions import db

    page.goto("/uitnodiging/niet-echt")
    check_widths(page, "invalid invitation link")
    page.goto("/e-mailadres-bevestigen/niet-echt")
    check_widths(page, "invalid confirmation link")
    with live_server.app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "raadslid2@anderstad.example"))
        user.pending_email = "lotte.nieuw@anderstad.example"
        db.session.commit()
        token = tokens.make_token(user, tokens.EMAIL)
    try:
        page.goto(f"/e-mailadres-bevestigen/{token}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw e-mailadres bevestigen")
        check_widths(page, "confirm a new address")
    finally:
        with live_server.app.app_context():
            db.session.scalar(select(User).where(User.email == "raadslid2@anderstad.example")).pending_email = None
            db.session.commit()
