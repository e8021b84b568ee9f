"""Every page each demo role can reach: exactly one h1 and no WCAG 2.1 AA violations per axe."""
from __future__ import annotations

import re
from pathlib import Path

from tests.browser.helpers import check_page, expect, login


def _lesson_pages(page) -> list[str]:
    """From the dashboard, open the bundled course and return the addresses of all its lessons."""
    page.goto("/leren/")
    check_page(page, "learning dashboard")
    page.locator(".card__title a").first.click()
    check_page(page, "course page")
    hrefs = page.locator(".outline__lesson a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs, "the course page lists no lessons"
    return hrefs


# Every lesson of every role, at 320 and 1280 px, is checked by test_reflow.py's crawl.
def test_member_pages(page):
    login(page, "raadslid@voorbeeld.example")  # halfway through the course
    expect(page).to_have_url(re.compile(r"/leren/$"))
    hrefs = _lesson_pages(page)
    page.goto(hrefs[0])
    expect(page.locator(".lesson h1")).to_be_visible()
    check_page(page, "first lesson")


def test_griffier_pages(page):
    login(page, "griffier@voorbeeld.example")
    expect(page).to_have_url(re.compile(r"/griffie/$"))
    check_page(page, "griffie overview")
    page.goto("/griffie/leden")
    check_page(page, "griffie members")

    page.goto("/griffie/leden/nieuw")
    check_page(page, "invite member")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is iets niet goed ingevuld")
    check_page(page, "invite member after an empty submit")

    page.goto("/griffie/leden")
    page.get_by_role("link", name="Ruud Jansen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruud Jansen")
    check_page(page, "member detail (active)")
    page.goto("/griffie/leden")
    page.get_by_role("link", name="Ilse Bakker").click()  # invited, no password yet: has the resend form
    check_page(page, "member detail (invited)")

    page.goto("/leren/")
    check_page(page, "courses (griffier)")


def test_admin_pages(page):
    login(page, "beheerder@voorbeeld.example")
    expect(page).to_have_url(re.compile(r"/beheer/$"))
    check_page(page, "organisations")

    page.goto("/beheer/organisaties/nieuw")
    check_page(page, "new organisation")
    page.get_by_role("button", name="Organisatie aanmaken").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is iets niet goed ingevuld")
    check_page(page, "new organisation after an empty submit")

    page.goto("/beheer/")
    page.get_by_role("link", name="Gemeente Voorbeeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Voorbeeld")
    check_page(page, "organisation")

    page.get_by_role("link", name="Account uitnodigen").click()
    check_page(page, "invite account")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is iets niet goed ingevuld")
    check_page(page, "invite account after an empty submit")

    page.goto("/leren/")
    check_page(page, "courses (admin)")


def test_certificate_pages(page, new_context):
    login(page, "wethouder@voorbeeld.example")  # completed the course in the demo data
    page.get_by_role("link", name="Mijn certificaten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn certificaten")
    check_page(page, "mijn certificaten")
    page.locator("table code").first.click()
    expect(page.locator("#uitslag")).to_contain_text("Dit certificaat is geldig.")
    check_page(page, "verify: valid")

    anonymous = new_context().new_page()
    anonymous.goto("/verify")
    check_page(anonymous, "verify form")
    anonymous.get_by_role("button", name="Controleren").click()
    expect(anonymous.get_by_role("alert")).to_contain_text("Vul de controlecode in.")
    check_page(anonymous, "verify form with error")
    anonymous.get_by_label("Controlecode").fill("AAAA-BBBB-CCCC-DDDD")
    anonymous.get_by_role("button", name="Controleren").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Certificaat niet gevonden")
    check_page(anonymous, "verify: not found")


def test_griffie_certificate_pages(page):
    login(page, "griffier@voorbeeld.example")
    page.get_by_role("link", name="Certificaten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Certificaten van Gemeente Voorbeeld")
    check_page(page, "griffie certificates")
    page.get_by_label("Uitgereikt vanaf").fill("2030-01-02")
    page.get_by_label("Uitgereikt tot en met").fill("2030-01-01")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een einddatum die na de begindatum ligt.")
    check_page(page, "griffie certificates with a filter error")
    page.goto("/griffie/certificaten")
    page.get_by_role("link", name="Intrekken van Wim de Boer (Weerbaar besturen)").click()
    check_page(page, "revoke certificate")
    page.get_by_role("button", name="Certificaat intrekken").click()
    expect(page.get_by_role("alert")).to_contain_text("Schrijf op waarom")
    check_page(page, "revoke certificate with error")


def test_griffie_reports_page(page):
    login(page, "griffier@voorbeeld.example")
    page.get_by_role("link", name="Rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporten voor de raad")
    check_page(page, "griffie reports")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het rapport (PDF)").first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_organisation_certificate_verify_page(page, live_server):
    """No demo organisation has everyone done, so finish Anderstad's members and let the service issue it."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.certificates.services import issue_organisation_certificate_if_complete
    from app.db_types import utcnow
    from app.extensions import db
    from app.learn.models import Enrollment
    from app.learn.services import current_versions, may_take
    from app.organisations.models import Organisation

    with live_server.app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Gemeente Anderstad"))
        version = current_versions()[0]
        for member in db.session.scalars(select(User).where(User.organisation_id == organisation.id)):
            if may_take(member, version) and member.role == "member":
                enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id))
                if enrollment is None:
                    enrollment = Enrollment(user_id=member.id, course_id=version.course_id, version_id=version.id)
                    db.session.add(enrollment)
                enrollment.completed_at = enrollment.completed_at or utcnow()
        db.session.flush()
        code = issue_organisation_certificate_if_complete(organisation, version.course_id).code
        db.session.commit()
    page.goto(f"/verify/{code}")
    expect(page.locator("#uitslag")).to_have_text("Dit organisatiecertificaat is geldig.")
    check_page(page, "verify: organisation certificate")
