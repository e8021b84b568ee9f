"""Full-page screenshots for a human to look at, saved to test-artifacts/ (gitignored)."""
from __future__ import annotations

from tests.browser.helpers import ARTIFACTS, expect, login


def test_screenshots(page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/login")
    page.screenshot(path=ARTIFACTS / "login.png", full_page=True)

    login(page, "raadslid@voorbeeld.example")
    page.locator(".card__title a").first.click()
    page.locator(".outline__lesson a").nth(1).click()
    expect(page.locator(".lesson article h1")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "lesson.png", full_page=True)
    assert (ARTIFACTS / "lesson.png").stat().st_size > 10_000
