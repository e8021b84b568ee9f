"""Mijn account, the second factor and the enrolment at first login, in their normal and error states."""
from __future__ import annotations

import re

import pyotp

from tests.browser.helpers import check_page, expect, login

NARROW = {"width": 320, "height": 800}


def assert_fits(page, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} is {width} px wide: it scrolls sideways"


def test_staff_enrol_at_first_login(new_context):
    """The un-enrolled demo trainer: QR code and manual key, a wrong code, then the recovery codes."""
    from app.demo import DEMO_PASSWORD, UNENROLLED_STAFF

    for viewport in (NARROW, None):
        page = new_context(**({"viewport": viewport} if viewport else {})).new_page()
        page.goto("/login")
        page.get_by_label("E-mailadres").fill(UNENROLLED_STAFF)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page).to_have_url(re.compile(r"/login/tweestap-instellen$"))
        expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
        check_page(page, f"enrolment at login ({'320' if viewport else '1280'} px)")
        assert_fits(page, "enrolment at login")
        if viewport:
            page.get_by_label("Code uit de app").fill("123456")
            page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
            expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
            check_page(page, "enrolment with a wrong code (320 px)")
            continue
        secret = page.locator(".secret-key").inner_text().replace(" ", "")
        page.get_by_label("Code uit de app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        check_page(page, "recovery codes")
        page.get_by_role("link", name="Ik heb de codes bewaard").click()
        expect(page).to_have_url(re.compile(r"/auteur/$"))


def test_second_factor_page_and_wrong_code(new_context):
    from app.demo import DEMO_PASSWORD

    for viewport in (NARROW, {"width": 1280, "height": 800}):
        page = new_context(viewport=viewport).new_page()
        page.goto("/login")
        page.get_by_label("E-mailadres").fill("griffier@anderstad.example")
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page).to_have_url(re.compile(r"/login/code$"))
        check_page(page, f"second factor ({viewport['width']} px)")
        assert_fits(page, "second factor")
        page.get_by_label("Code", exact=True).fill("000000")
        page.get_by_role("button", name="Verder").click()
        expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
        check_page(page, f"second factor with a wrong code ({viewport['width']} px)")


def test_member_account_pages(new_context):
    for viewport in (NARROW, {"width": 1280, "height": 800}):
        page = new_context(viewport=viewport).new_page()
        login(page, "raadslid2@anderstad.example")
        page.goto("/account")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
        check_page(page, f"my account ({viewport['width']} px)")
        assert_fits(page, "my account")
        page.get_by_role("link", name="Wachtwoord wijzigen").click()
        check_page(page, f"change password ({viewport['width']} px)")
        page.get_by_label("Huidig wachtwoord").fill("niet-goed-genoeg")
        page.get_by_label("Nieuw wachtwoord").fill("welkom2026!")
        page.get_by_label("Herhaal het wachtwoord").fill("welkom2026!")
        page.get_by_role("button", name="Wachtwoord wijzigen").click()
        expect(page.get_by_role("alert")).to_contain_text("Je huidige wachtwoord klopt niet")
        check_page(page, f"change password with errors ({viewport['width']} px)")
        page.goto("/account/tweestap")
        expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
        check_page(page, f"member enrolment ({viewport['width']} px)")


def test_staff_account_and_admin_reset_column(page):
    login(page, "beheerder@voorbeeld.example")
    page.goto("/account")
    expect(page.get_by_text("Voor jouw rol is tweestapsverificatie verplicht")).to_be_visible()
    check_page(page, "my account (administrator)")
    page.goto("/beheer/")
    page.get_by_role("link", name="Gemeente Voorbeeld").click()
    expect(page.get_by_role("button", name="Resetten voor Gea Hoekstra")).to_be_visible()
    expect(page.get_by_role("button", name="Overal uitloggen voor Ruud Jansen")).to_be_visible()
    check_page(page, "organisation with second-factor column")
    page.set_viewport_size(NARROW)
    check_page(page, "organisation with second-factor column (320 px)")


def test_logout_everywhere(page):
    from app.demo import DEMO_PASSWORD

    login(page, "wethouder@anderstad.example")
    page.goto("/account")
    page.get_by_role("button", name="Overal uitloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul je wachtwoord in.")
    check_page(page, "my account after logging out everywhere without a password")
    page.get_by_label("Je wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Overal uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text("Je bent overal uitgelogd")).to_be_visible()
    page.goto("/leren/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_end_one_other_session(new_context):
    from app.demo import DEMO_PASSWORD

    phone = new_context(viewport=NARROW).new_page()
    login(phone, "raadslid@anderstad.example")
    for viewport in (NARROW, {"width": 1280, "height": 800}):
        laptop = new_context(viewport=viewport).new_page()
        login(laptop, "raadslid@anderstad.example")
        laptop.goto("/account")
        laptop.get_by_role("link", name=re.compile("Hier uitloggen")).first.click()
        expect(laptop.get_by_role("heading", level=1)).to_have_text("Uitloggen op een ander apparaat")
        check_page(laptop, f"end one session ({viewport['width']} px)")
        assert_fits(laptop, "end one session")
        laptop.get_by_role("button", name="Uitloggen op dat apparaat").click()
        expect(laptop.get_by_role("alert")).to_contain_text("Vul je wachtwoord in.")
        check_page(laptop, f"end one session without a password ({viewport['width']} px)")
    laptop.get_by_label("Je wachtwoord").fill(DEMO_PASSWORD)
    laptop.get_by_role("button", name="Uitloggen op dat apparaat").click()
    expect(laptop.get_by_text("Je bent op dat apparaat uitgelogd")).to_be_visible()
