"""The trainers' workspace in the browser: every page axe-clean, error states too, and the walk of issue 6:
the demo trainer changes a lesson, previews, publishes; the member halfway stays on the old version
and a member who has not started gets the new one."""
from __future__ import annotations

import re

from tests.browser.helpers import ARTIFACTS, check_page, expect, login

COURSE = "weerbaar-besturen"
LESSON_FILE = "01-herkennen/01-wat-is-het.md"
NEW_SENTENCE = "Nieuw in deze versie: ook een spandoek met je naam erop kan intimidatie zijn."


def _open_editor(page):
    page.goto("/auteur/")
    check_page(page, "authoring: course list")
    page.locator("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Concept van")
    check_page(page, "authoring: course draft")
    page.get_by_role("link", name=LESSON_FILE).click()
    expect(page.locator("#text")).to_be_visible()
    check_page(page, "authoring: editor")


def test_trainer_changes_a_lesson_previews_and_publishes(page, new_context):
    login(page, "trainer@voorbeeld.example")
    expect(page).to_have_url(re.compile(r"/auteur/$"))
    _open_editor(page)
    source = page.locator("#text")
    original = source.input_value()

    # Live validation while typing (JavaScript asks the server), then the problem is shown with its line.
    source.fill(original.replace("minutes: 3", "minuten: 3"))
    expect(page.locator("#problemen")).to_contain_text("onbekende sleutel 'minuten'")
    expect(page.locator("#problemen")).to_contain_text(f"{LESSON_FILE}:3:")
    expect(page.locator("#live-status")).to_contain_text("nog niet opgeslagen")
    check_page(page, "authoring: editor with live problems")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "authoring-editor.png"), full_page=True)
    page.locator("#problemen a").first.click()
    expect(source).to_be_focused()

    # Saving with the error: the error summary and the problem list, axe-clean.
    page.get_by_role("button", name="Opslaan en controleren").click()
    expect(page.get_by_role("alert").first).to_contain_text("Regel 3")
    check_page(page, "authoring: editor after saving an error")

    page.locator("#text").fill(original.rstrip("\n") + "\n\n" + NEW_SENTENCE + "\n")
    page.get_by_role("button", name="Opslaan en controleren").click()
    expect(page.locator(".flash-messages")).to_contain_text("geen problemen")

    page.get_by_role("link", name="Voorbeeld bekijken").click()
    expect(page.locator(".prose")).to_contain_text(NEW_SENTENCE)
    expect(page.locator(".preview-banner")).to_be_visible()
    check_page(page, "authoring: lesson preview")
    page.screenshot(path=str(ARTIFACTS / "authoring-preview.png"))

    page.goto(f"/auteur/{COURSE}/publiceren")
    check_page(page, "authoring: publish")
    page.get_by_label("Wat is er veranderd?").fill("Voorbeeld van een spandoek toegevoegd.")
    page.get_by_role("button", name="Nieuwe versie publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versies van")
    expect(page.locator("table")).to_contain_text("Tom Verbeek")
    check_page(page, "authoring: version history")
    page.get_by_role("link", name=re.compile("Wat is er anders")).first.click()
    expect(page.locator(".diff__add", has_text=NEW_SENTENCE)).to_have_count(1)
    check_page(page, "authoring: compare versions")
    page.goto(f"/auteur/{COURSE}/versies")
    page.get_by_role("link", name=re.compile("Terugzetten")).first.click()
    check_page(page, "authoring: restore confirmation")

    halfway = new_context().new_page()
    login(halfway, "raadslid@voorbeeld.example")
    halfway.goto(f"/leren/{COURSE}/herkennen/wat-is-het")
    expect(halfway.locator(".prose")).not_to_contain_text(NEW_SENTENCE)
    halfway.goto(f"/leren/{COURSE}")
    expect(halfway.locator("main")).to_contain_text("Versie 1")

    newcomer = new_context().new_page()
    login(newcomer, "nieuw@voorbeeld.example")
    newcomer.goto(f"/leren/{COURSE}/herkennen/wat-is-het")
    expect(newcomer.locator(".prose")).to_contain_text(NEW_SENTENCE)


def test_scenario_walk_and_lists(page):
    login(page, "trainer@voorbeeld.example")
    page.goto(f"/auteur/{COURSE}/voorbeeld")
    check_page(page, "authoring: course preview")
    refresher = page.get_by_role("region", name="Opfriscursus")  # apart from the modules, and labelled
    expect(refresher).to_contain_text("Cursisten zien hem alleen als hun certificaat bijna verloopt")
    refresher.get_by_role("link").first.click()
    expect(page.get_by_role("note")).to_contain_text("Deze stap hoort bij de opfriscursus.")
    check_page(page, "authoring: refresher step preview")
    page.go_back()
    page.locator(".outline__lesson", has=page.locator(".tag", has_text="scenario")).first.locator("a").click()
    check_page(page, "authoring: scenario preview start")
    page.get_by_role("link", name="Alle situaties en waar elke keuze heen leidt").click()
    expect(page.locator("h2", has_text="Situaties")).to_be_visible()
    check_page(page, "authoring: scenario as a list")
    page.go_back()
    page.get_by_role("link", name="Start het scenario").click()
    check_page(page, "authoring: scenario walk, first situation")
    page.get_by_role("button", name="Dit doe ik").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Kies wat je zou doen.")
    check_page(page, "authoring: scenario walk, nothing chosen")
    page.locator(".choice input").first.check()
    page.get_by_role("button", name="Dit doe ik").click()
    expect(page.locator(".feedback")).to_be_visible()
    check_page(page, "authoring: scenario walk, after a choice")
    for _ in range(10):  # the first choice follows the advised route of the bundled scenario to an ending
        if page.get_by_role("link", name="Opnieuw vanaf het begin").count():
            break
        page.locator(".choice input").first.check()
        page.get_by_role("button", name="Dit doe ik").click()
    expect(page.locator(".result")).to_contain_text("Zo liep het af")
    check_page(page, "authoring: scenario walk, an ending")
    page.goto(f"/auteur/{COURSE}/voorbeeld")
    page.locator(".outline__lesson", has=page.locator(".tag", has_text="toets")).first.locator("a").click()
    page.get_by_role("link", name="Start de toets").click()
    check_page(page, "authoring: all questions of a knowledge check")


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_error_states_of_forms(page):
    login(page, "trainer@voorbeeld.example")
    page.goto(f"/auteur/{COURSE}/nieuw")
    check_page(page, "authoring: new file")
    page.get_by_role("button", name="Bestand maken").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul het pad in.")
    check_page(page, "authoring: new file with errors")

    page.goto("/auteur/importeren")
    check_page(page, "authoring: import")
    page.set_input_files("#archive", files=[{"name": "cursus.zip", "mimeType": "application/zip", "buffer": b"geen zip"}])
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Dit bestand is geen ZIP-bestand.")
    check_page(page, "authoring: import refused")

    page.goto(f"/auteur/{COURSE}/afbeeldingen")
    check_page(page, "authoring: images")
    page.set_input_files("#image", files=[{"name": "tekening.svg", "mimeType": "image/svg+xml",
                                           "buffer": b'<svg xmlns="http://www.w3.org/2000/svg"/>'}])
    page.get_by_role("button", name="Uploaden").click()
    expect(page.get_by_role("alert")).to_contain_text("SVG kan niet")
    check_page(page, "authoring: image refused")
    page.set_input_files("#image", files=[{"name": "kaart.png", "mimeType": "image/png", "buffer": _png()}])
    page.get_by_role("button", name="Uploaden").click()
    expect(page.locator(".alert--success")).to_contain_text("![Beschrijf hier wat er te zien is](../images/")
    check_page(page, "authoring: image uploaded")
    page.get_by_role("button", name=re.compile("Verwijderen")).first.click()

    page.goto(f"/auteur/{COURSE}/analyse")
    check_page(page, "authoring: analytics")

    page.goto(f"/auteur/{COURSE}/bestand/01-herkennen/module.md")
    original = page.locator("#text").input_value()
    page.locator("#text").fill(original.replace("title:", "titel:", 1))
    page.get_by_role("button", name="Opslaan en controleren").click()
    page.goto(f"/auteur/{COURSE}")
    expect(page.locator(".panel")).to_contain_text("fout")
    check_page(page, "authoring: course draft with problems")
    page.goto(f"/auteur/{COURSE}/voorbeeld")  # the course page does without the broken module, and says so
    expect(page.get_by_role("note")).to_contain_text("01-herkennen/module.md")
    check_page(page, "authoring: preview leaving out a broken file")
    page.goto(f"/auteur/{COURSE}/voorbeeld/herkennen/wat-is-het")  # this lesson needs that module.md
    expect(page.get_by_role("heading", level=1)).to_have_text("Nog geen voorbeeld mogelijk")
    check_page(page, "authoring: preview refused with errors")
    page.goto(f"/auteur/{COURSE}/publiceren")
    expect(page.get_by_role("alert")).to_contain_text("Los die eerst op")
    check_page(page, "authoring: publish refused with errors")
    page.goto(f"/auteur/{COURSE}/bestand/01-herkennen/module.md")
    page.locator("#text").fill(original)
    page.get_by_role("button", name="Opslaan en controleren").click()
    expect(page.locator("#live-status")).to_contain_text("Geen problemen gevonden.")


def test_editor_without_javascript_validates_on_save(new_context):
    page = new_context(java_script_enabled=False).new_page()
    login(page, "beheerder@voorbeeld.example")
    page.goto(f"/auteur/{COURSE}/bestand/01-herkennen/module.md")
    source = page.locator("#text")
    original = source.input_value()
    source.fill(original.replace("title:", "titel:", 1))
    page.get_by_role("button", name="Opslaan en controleren").click()
    expect(page.locator("#problemen")).to_contain_text("onbekende sleutel 'titel'")
    page.goto(f"/auteur/{COURSE}/publiceren")
    expect(page.get_by_role("alert")).to_contain_text("Los die eerst op")
    page.goto(f"/auteur/{COURSE}/bestand/01-herkennen/module.md")
    page.locator("#text").fill(original)
    page.get_by_role("button", name="Opslaan en controleren").click()
    expect(page.locator("#live-status")).to_contain_text("Geen problemen gevonden.")
