"""Every page of every role, found by following the links a person can follow, at 320 px and at
1280 px: nothing scrolls sideways (WCAG 1.4.10, 320 px is 1280 px at 400% zoom) and axe finds no
WCAG 2.2 AA violation. Then the same pages in English, at 320 px. Error states follow the forms.

The crawl makes new pages part of the check without anyone listing them. One browser context per
role and language, each page loaded once: the 1280 px check only resizes the viewport.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (ARTIFACTS, assert_axe_clean, assert_no_horizontal_scroll, assert_one_h1, expect,
                                   totp_code)

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 800}
SKIP = re.compile(r"\.(pdf|csv|zip|json|html)$|/zip$|/static/|/media/|/export|/verder$|/uitloggen|/taal")
# Lessons are many and built from the same template: the member sees all of them, other roles a few.
REPEATING = [(re.compile(r"^/leren/[^/]+/[^/]+/[^/]+$"), "lesson"),
             (re.compile(r"^/auteur/[^/]+/voorbeeld/[^/]+/[^/]+"), "preview"),
             (re.compile(r"^/auteur/[^/]+/bestand/"), "file"),
             (re.compile(r"^/griffie/leden/\d+$"), "member"),
             (re.compile(r"^/griffie/groepen/\d+$"), "group"),
             (re.compile(r"/pogingen/\d+"), "attempt"),
             (re.compile(r"^/beheer/organisaties/\d+/zittingsperioden/\d+$"), "term")]
ROLES = {
    "member": ("raadslid@voorbeeld.example", None),
    "member with certificates": ("wethouder@voorbeeld.example", 3),
    "griffier": ("griffier@voorbeeld.example", 2),
    "trainer": ("trainer@voorbeeld.example", 2),
    "admin": ("beheerder@voorbeeld.example", 2),
}
# Pages that look the same for every role that can open them: checked once per language, by the
# first role that reaches them (the trainer's course pages are the administrator's too).
SHARED = re.compile(r"^/auteur/.+|^/leren/[^/]+(/.*)?$|^/toegankelijkheid$")
_checked: dict[str, set[str]] = {"nl": set(), "en": set()}
LABELS = {"nl": ("E-mailadres", "Wachtwoord", "Inloggen"), "en": ("E-mail address", "Password", "Log in")}


def _login(page, email: str, language: str) -> None:
    from app.demo import DEMO_PASSWORD

    email_label, password_label, button = LABELS[language]
    page.goto("/login")
    page.get_by_label(email_label).fill(email)
    page.get_by_label(password_label).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    if page.url.endswith("/login/code"):  # staff: the second factor, from the demo's fixed secret
        page.get_by_label("Code", exact=True).fill(totp_code(email))
        page.get_by_role("button", name="Verder" if language == "nl" else "Continue").click()
        page.wait_for_load_state()
    assert "/login" not in page.url, f"login as {email} failed"


def _crawl(page, per_kind: int | None, limit: int = 120) -> list[str]:
    """Paths reachable by GET links from the landing page, without query strings (sorting, paging)."""
    start = urlsplit(page.url).path
    seen, queue, kinds = [start], [start], {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        try:
            page.goto(path)
        except Exception as error:  # a download: not a page
            if "Download is starting" not in str(error):
                raise
            seen.remove(path)
            continue
        hrefs = page.locator("a[href^='/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            path = urlsplit(href).path
            if path in seen or SKIP.search(path):
                continue
            kind = next((name for pattern, name in REPEATING if pattern.search(path)), None)
            if kind and per_kind is not None:
                kinds[kind] = kinds.get(kind, 0) + 1
                if kinds[kind] > per_kind:
                    continue
            seen.append(path)
            queue.append(path)
    return seen


def _check(page, path: str, widths: list[dict]) -> list[str]:
    failures = []
    response = page.goto(path)
    for width in widths:
        page.set_viewport_size(width)
        name = f"{path} at {width['width']}px"
        try:
            if response and response.status < 400:
                assert_one_h1(page, name)
            assert_no_horizontal_scroll(page, name)
            assert_axe_clean(page, name)
        except (AssertionError, pytest.fail.Exception) as error:
            failures.append(str(error))
    return failures


def _role_pages(new_context, role: str, language: str) -> tuple[object, list[str]]:
    email, per_kind = ROLES[role]
    if language != "nl":
        per_kind = 1  # only the interface changes: one page of each repeating kind is enough
    context = new_context(locale="en-GB" if language == "en" else "nl-NL", viewport=NARROW)
    page = context.new_page()
    _login(page, email, language)
    paths = _crawl(page, per_kind)
    fresh = [path for path in paths if not (SHARED.search(path) and path in _checked[language])]
    _checked[language].update(paths)
    return page, fresh


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_reflows_and_is_axe_clean(new_context, role):
    page, paths = _role_pages(new_context, role, "nl")
    assert len(paths) > 3, paths
    failures = [failure for path in paths for failure in _check(page, path, [NARROW, WIDE])]
    assert not failures, f"{len(failures)} problem(s) for {role}:\n" + "\n\n".join(failures)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_in_english(new_context, role):
    """Users who never chose a language get their browser's: here English. Only the interface changes."""
    page, paths = _role_pages(new_context, role, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    failures = [failure for path in paths for failure in _check(page, path, [NARROW])]
    assert not failures, f"{len(failures)} problem(s) for {role} in English:\n" + "\n\n".join(failures)


ANONYMOUS = ["/login", "/wachtwoord-vergeten", "/verify", "/toegankelijkheid", "/bestaat-niet", "/uitnodiging/xyz"]


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_pages_without_an_account(new_context, locale):
    page = new_context(locale=locale, viewport=NARROW).new_page()
    failures = [failure for path in ANONYMOUS for failure in _check(page, path, [NARROW, WIDE])]
    assert not failures, "\n\n".join(failures)


def _submit_empty(page, path: str, button: str | None = None) -> None:
    page.goto(path)
    form = page.locator("main form[method=post]").last
    (form.get_by_role("button", name=button) if button else form.locator("[type=submit]").last).click()
    page.wait_for_load_state()


ERROR_STATES = {
    "griffier@voorbeeld.example": ["/griffie/leden/nieuw", "/griffie/groepen", "/griffie/toewijzingen/nieuw"],
    "beheerder@voorbeeld.example": ["/beheer/organisaties/nieuw"],
    "trainer@voorbeeld.example": ["/auteur/weerbaar-besturen/nieuw"],
}


@pytest.mark.parametrize("email", list(ERROR_STATES))
def test_error_states_the_gov_uk_way(new_context, email):
    """A rejected form: "Fout:" in the title, the summary first in <main> and focused, each link to its field."""
    page = new_context(viewport=NARROW).new_page()
    _login(page, email, "nl")
    failures = []
    for path in ERROR_STATES[email]:
        _submit_empty(page, path)
        summary = page.locator("#foutmeldingen")
        expect(summary).to_be_focused()
        assert page.title().startswith("Fout: "), page.title()
        assert page.evaluate("() => document.querySelector('main').firstElementChild.id") == "foutmeldingen"
        link = summary.locator("a").first
        target = link.get_attribute("href")[1:]
        link.click()
        expect(page.locator(f"[id='{target}']")).to_be_focused()
        failures += _check(page, page.url, [])  # the page as it is now, not reloaded
        for width in (NARROW, WIDE):
            page.set_viewport_size(width)
            try:
                assert_no_horizontal_scroll(page, f"{path} with errors")
                assert_axe_clean(page, f"{path} with errors at {width['width']}px")
            except (AssertionError, pytest.fail.Exception) as error:
                failures.append(str(error))
    assert not failures, "\n\n".join(failures)


SCREENSHOTS = {
    "member": ("raadslid@voorbeeld.example", ["/leren/", "/leren/weerbaar-besturen", "/certificaten"]),
    "griffier": ("griffier@voorbeeld.example", ["/griffie/", "/griffie/leden", "/griffie/certificaten"]),
    "trainer": ("trainer@voorbeeld.example", ["/auteur/", "/auteur/weerbaar-besturen/analyse"]),
    "admin": ("beheerder@voorbeeld.example", ["/beheer/"]),
}


@pytest.mark.parametrize("role", list(SCREENSHOTS))
def test_screenshots_per_role(new_context, role):
    ARTIFACTS.mkdir(exist_ok=True)
    email, paths = SCREENSHOTS[role]
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    _login(page, email, "nl")
    for path in paths:
        page.goto(path)
        name = path.strip("/").replace("/", "-") or "home"
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            target = ARTIFACTS / f"{role}-{name}-{width}.png"
            page.screenshot(path=target, full_page=True)
            assert target.stat().st_size > 5_000
