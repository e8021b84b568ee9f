"""Keyboard use: the learner path without JavaScript, and the skip link."""
from __future__ import annotations

import re

from tests.browser.helpers import expect, login


def test_learner_path_by_keyboard_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    login(page, "nieuw@voorbeeld.example")  # not started yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn leeromgeving")
    page.locator(".card__title a").first.click()
    course_url = page.url

    page.get_by_role("link", name="Begin met de cursus").click()
    expect(page.locator(".eyebrow")).to_contain_text("Les 1 van")
    total = int(re.search(r"Les 1 van (\d+)", page.locator(".eyebrow").inner_text()).group(1))
    assert total > 1
    first_lesson = page.url

    button = page.get_by_role("button", name="Klaar, naar de volgende les")
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".eyebrow")).to_contain_text(f"Les 2 van {total}")
    assert page.url != first_lesson and page.url.startswith(course_url + "/")

    page.goto("/leren/")
    expect(page.locator(".card").first).to_contain_text(f"1 van {total} lessen")


def _assert_skip_link_works(page) -> None:
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Ga direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box and box["width"] > 0 and box["height"] > 0, box
    assert box["x"] >= 0 and box["y"] >= 0, f"skip link is off screen when focused: {box}"
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], box
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()


def test_skip_link_on_login_page(page):
    page.goto("/login")
    _assert_skip_link_works(page)


def test_skip_link_on_lesson_page(page):
    login(page, "raadslid@voorbeeld.example")
    page.locator(".card__title a").first.click()
    page.locator(".outline__lesson a").first.click()
    _assert_skip_link_works(page)
