"""The griffie's pages in the browser, with the demo data: axe-clean, error states included."""
from __future__ import annotations

from tests.browser.helpers import ARTIFACTS, check_page, expect, login


def test_overview_filters_sorts_and_sends_reminders(page):
    login(page, "griffier@voorbeeld.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht van Gemeente Voorbeeld")
    table = page.locator("#overzicht")
    expect(table.get_by_role("row", name="Bea Visser")).to_contain_text("Te laat")  # the demo's overdue member
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "griffie-overview.png"), full_page=True)
    check_page(page, "griffie overview")

    page.get_by_label("Status", exact=True).select_option(label="Te laat")
    page.get_by_role("button", name="Filteren").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    check_page(page, "griffie overview filtered")
    # The accessible name has no stray space before its comma (a hidden span gave "Deadline , sorteer").
    page.get_by_role("link", name="Deadline, sorteer oplopend", exact=True).click()
    expect(page.locator("th[aria-sort]")).to_contain_text("Deadline")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download voor Excel").click()
    assert download.value.suggested_filename.endswith("-excel.csv")

    page.goto("/griffie/")
    page.get_by_role("button", name="Herinneringen nu versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Herinneringen versturen")  # the job's page
    expect(page.locator("main")).to_contain_text("herinnering")
    check_page(page, "reminders job after sending")


def test_member_import_preview_with_row_errors(page, tmp_path):
    login(page, "griffier@voorbeeld.example")
    page.goto("/griffie/leden")
    page.get_by_role("link", name="Leden uitnodigen met een CSV-bestand").click()
    check_page(page, "import members")
    page.get_by_role("button", name="Bekijk wat er gebeurt").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een CSV-bestand.")
    check_page(page, "import members after an empty submit")

    csv_file = tmp_path / "leden.csv"
    csv_file.write_text("naam;e-mailadres;functie\nNieuw Lid;nieuw.lid@voorbeeld.example;raadslid\n"
                        "Fout Adres;geen-adres;raadslid\n", encoding="utf-8-sig")
    page.get_by_label("CSV-bestand").set_input_files(str(csv_file))
    page.get_by_role("button", name="Bekijk wat er gebeurt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import")
    expect(page.get_by_role("row", name="Fout Adres")).to_contain_text("geen geldig e-mailadres")
    check_page(page, "import preview with a row error")
    page.get_by_role("link", name="Annuleren, niets opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leden van Gemeente Voorbeeld")
    expect(page.get_by_text("Nieuw Lid")).to_have_count(0)


def test_groups_and_assignments(page):
    login(page, "griffier@voorbeeld.example")
    page.get_by_role("link", name="Groepen").click()
    check_page(page, "groups")
    page.get_by_role("button", name="Groep maken").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de naam van de groep in.")
    check_page(page, "groups after an empty submit")
    page.get_by_role("link", name="College").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groep: College")
    expect(page.get_by_label("Willem de Boer")).to_be_checked()  # the demo corrected his name after issue
    check_page(page, "group")

    page.get_by_role("link", name="Toewijzingen").click()
    check_page(page, "assignments")
    page.get_by_role("link", name="Cursus toewijzen").first.click()
    check_page(page, "new assignment")
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een cursus.")
    check_page(page, "new assignment after an empty submit")
    page.get_by_role("alert").get_by_role("link", name="Kies minstens één groep of één lid.").click()
    expect(page.locator("#members-0")).to_be_focused()


def test_member_sees_the_deadline_first(page):
    login(page, "burgemeester@voorbeeld.example")  # in the College, whose deadline has passed
    card = page.locator(".card").first
    expect(card).to_contain_text("Je griffie vraagt je deze cursus af te ronden vóór")
    expect(card).to_contain_text("Te laat")
    check_page(page, "learning dashboard with an overdue assignment")
