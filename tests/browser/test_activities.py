"""Knowledge checks and scenarios in the browser: every state axe-clean, playable by keyboard."""
from __future__ import annotations

import random
import re

from tests.browser.helpers import ARTIFACTS, check_page, expect, login


def _open_step(page, tag: str) -> None:
    page.goto("/leren/")
    page.locator(".card__title a").first.click()
    page.locator(".outline__lesson", has=page.locator(".tag", has_text=tag)).first.locator("a").click()


def _choose_by_keyboard(page, button: str, index: int = 0) -> None:
    """Tab-like use: focus the first option, arrow down to the wanted one (radios), Space to pick."""
    options = page.locator(".choice input")
    index %= options.count()
    options.first.focus()
    if options.first.get_attribute("type") == "radio":
        for _ in range(index):
            page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(options.nth(index)).to_be_checked()
    submit = page.get_by_role("button", name=button)
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


NARROW = {"width": 320, "height": 640}  # every state must also reflow on a small phone


def test_knowledge_check_every_state(new_context):
    page = new_context(viewport=NARROW).new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    login(page, "raadslid2@anderstad.example")
    _open_step(page, "toets")
    check_page(page, "quiz start page")
    page.get_by_role("button", name="Start de toets").click()
    check_page(page, "question page")
    expect(page.locator("fieldset legend")).to_be_visible()

    page.get_by_role("button", name="Controleer je antwoord").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Kies een antwoord.")
    check_page(page, "question page with error")

    for _ in range(30):
        _choose_by_keyboard(page, "Controleer je antwoord")
        expect(page.locator("#feedback-titel")).to_be_visible()
        check_page(page, "question feedback")
        page.screenshot(path=ARTIFACTS / "quiz-feedback.png", full_page=True)
        following = page.get_by_role("link", name="Volgende vraag")
        if following.count() == 0:
            break
        following.click()
    page.get_by_role("link", name="Bekijk je resultaat").click()
    expect(page.locator("#resultaat-titel")).to_contain_text("Je resultaat")
    check_page(page, "quiz result")


def test_scenario_every_state(new_context):
    page = new_context(viewport=NARROW).new_page()
    login(page, "raadslid2@anderstad.example")
    _open_step(page, "scenario")
    check_page(page, "scenario start page")
    page.get_by_role("button", name="Start het scenario").click()
    check_page(page, "first situation")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "scenario-situation.png", full_page=True)

    page.get_by_role("button", name="Dit doe ik").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Kies wat je zou doen.")
    check_page(page, "situation with error")

    walk = random.Random(3)  # a seeded random walk ends in an ending whatever loops the graph has
    for _ in range(40):
        _choose_by_keyboard(page, "Dit doe ik", walk.randrange(10))
        if "/resultaat" in page.url:
            break
        expect(page.locator("#feedback-titel")).to_be_visible()
        check_page(page, "situation with feedback")
    assert "/resultaat" in page.url, "the scenario did not reach an ending within 40 choices"
    expect(page.locator("#afloop-titel")).to_be_visible()
    expect(page.get_by_role("heading", name="In het echt")).to_be_visible()
    check_page(page, "scenario ending")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "scenario-ending.png", full_page=True)


def test_scenario_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    login(page, "wethouder@anderstad.example")  # halfway: with the full curriculum, past the first scenario
    _open_step(page, "scenario")
    page.get_by_role("button", name=re.compile(r"^(Start het scenario|Probeer het opnieuw)$")).click()
    walk = random.Random(5)
    for _ in range(40):
        labels = page.locator(".choice label")
        labels.nth(walk.randrange(labels.count())).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Dit doe ik").click()
        if "/resultaat" in page.url:
            break
    expect(page.locator("#afloop-titel")).to_be_visible()
