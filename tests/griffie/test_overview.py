"""The griffie's overview: filters, sorting, paging, export equal to the screen, flat query count."""
from __future__ import annotations

import csv
import html as html_lib
import io
import re
from datetime import date

from app.auth.models import Function
from app.extensions import db
from tests.factories import UserFactory
from tests.griffie.conftest import assign, do_lessons, make_group


def table_rows(page_html: str) -> list[list[str]]:
    """The overview table as a person reads it: the text of each cell."""
    table = re.search(r'<table class="table" id="overzicht">(.*?)</table>', page_html, re.S)
    if table is None:
        return []
    body = table.group(1).split("<tbody>")[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def csv_rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                "november", "december"]


def as_screen(cells: list[str]) -> list[str]:
    """A CSV row written the way the screen shows it: Dutch dates, a dash for nothing."""
    def day(text: str) -> str:
        if not text:
            return "–"
        value = date.fromisoformat(text)
        return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"

    name, function, course, deadline, state, completed = cells
    return [name, function, course, day(deadline), state, day(completed)]


def council(griffier, course, member_of):
    anna, bas, cor, dirk = (member_of(n) for n in ("Anna", "Bas", "Cor", "Dirk"))
    raad = make_group("Raad", griffier.organisation_id, [anna, bas, cor])
    assign(course, group=raad, deadline=date(2026, 12, 1))
    assign(course, user=dirk, deadline=date(2026, 11, 1))
    do_lessons(bas, course, 2)
    do_lessons(cor, course, 5)
    return raad


def test_the_overview_shows_state_counts_and_dutch_dates(client, griffier, member_of, course):
    council(griffier, course, member_of)
    html = client.get("/griffie/").get_data(as_text=True)
    assert table_rows(html) == [
        ["Anna", "Raadslid", "Testcursus", "1 december 2026", "Nog niet begonnen", "–"],
        ["Bas", "Raadslid", "Testcursus", "1 december 2026", "Bezig", "–"],
        ["Cor", "Raadslid", "Testcursus", "1 december 2026", "Afgerond", "23 november 2026"],
        ["Dirk", "Raadslid", "Testcursus", "1 november 2026", "Te laat", "–"],
    ]
    assert "1 van 4 afgerond" in html
    # A stacked bar per course: each state a quarter, its number in words beside it, widths as SVG attributes.
    for label in ("Afgerond", "Bezig", "Nog niet begonnen", "Te laat"):
        assert f"{label}: <strong>1</strong>" in html
    assert html.count('width="25.0" height="6"') == 4
    assert 'x="75.0" y="0" width="25.0"' in html and "bar--overdue" in html
    assert 'style="' not in html.split('class="course-counts"')[1].split("</ul>")[0]


def test_filters_and_sorting_narrow_the_table(client, griffier, member_of, course):
    raad = council(griffier, course, member_of)
    names = lambda url: [row[0] for row in table_rows(client.get(url).get_data(as_text=True))]  # noqa: E731
    assert names(f"/griffie/?groep={raad.id}") == ["Anna", "Bas", "Cor"]
    assert names("/griffie/?status=overdue") == ["Dirk"]
    assert names(f"/griffie/?groep={raad.id}&status=completed") == ["Cor"]
    assert names("/griffie/?sorteer=deadline") == ["Dirk", "Anna", "Bas", "Cor"]
    assert names("/griffie/?sorteer=naam&richting=af") == ["Dirk", "Cor", "Bas", "Anna"]
    assert names("/griffie/?sorteer=status") == ["Anna", "Bas", "Cor", "Dirk"]
    html = client.get("/griffie/?sorteer=deadline").get_data(as_text=True)
    assert 'aria-sort="ascending"' in html and html.count("aria-sort=") == 1
    assert names("/griffie/?status=nonsense") == ["Anna", "Bas", "Cor", "Dirk"]  # a bad filter is ignored, not a 500


def test_the_export_holds_exactly_what_the_screen_shows(client, griffier, member_of, course):
    raad = council(griffier, course, member_of)
    for query in ("", f"groep={raad.id}&sorteer=status&richting=af", "status=overdue", "status=completed"):
        screen = table_rows(client.get(f"/griffie/?{query}").get_data(as_text=True))
        response = client.get(f"/griffie/overzicht.csv?{query}")
        header, *rows = csv_rows(response.data)
        assert header == ["Naam", "Functie", "Cursus", "Deadline", "Status", "Afgerond op"]
        assert [as_screen(r) for r in rows] == screen, query
    assert re.fullmatch(r'attachment; filename="voortgang-2026-11-23-1000\.csv"', response.headers["Content-Disposition"])
    assert rows[0][3] == "2026-12-01" and rows[0][5] == "2026-11-23"  # ISO dates for spreadsheets


def test_the_excel_variant_has_semicolons_and_a_byte_order_mark(client, griffier, member_of, course):
    member = member_of("Zoë Ağaoğlu")
    assign(course, user=member)
    response = client.get("/griffie/overzicht.csv?excel=1")
    assert response.data.startswith(b"\xef\xbb\xbfNaam;Functie;Cursus;Deadline;Status;Afgerond op\r\n")
    assert csv_rows(response.data, ";")[1] == ["Zoë Ağaoğlu", "Raadslid", "Testcursus", "", "Nog niet begonnen", ""]
    assert "-excel.csv" in response.headers["Content-Disposition"]


def test_the_overview_pages(client, griffier, course, db):
    members = [UserFactory(organisation=griffier.organisation, name=f"Lid {n:03d}", password=False) for n in range(60)]
    db.session.commit()
    for member in members:
        assign(course, user=member)
    first = client.get("/griffie/").get_data(as_text=True)
    second = client.get("/griffie/?page=2").get_data(as_text=True)
    assert len(table_rows(first)) == 50 and len(table_rows(second)) == 10
    assert table_rows(second)[0][0] == "Lid 050"
    assert "Pagina 1 van 2 (60 in totaal)" in first and 'rel="next"' in first
    assert len(csv_rows(client.get("/griffie/overzicht.csv").data)) == 61  # the export has every page


def _council_of(size: int, griffier, course) -> None:
    group = make_group(f"Raad {size}", griffier.organisation_id, [])
    members = [UserFactory.build(organisation=griffier.organisation, function=Function.RAADSLID) for _ in range(size)]
    for member in members:
        member.password_hash = "x"
    db.session.add_all(members)
    group.members.extend(members)
    db.session.commit()
    assign(course, group=group, deadline=date(2026, 12, 1))
    for member in members[: size // 3]:
        do_lessons(member, course, 1)


def test_query_count_does_not_grow_with_the_council(client, griffier, course, count_queries):
    _council_of(10, griffier, course)
    with count_queries() as small:
        client.get("/griffie/?sorteer=status")
        client.get("/griffie/overzicht.csv")
    _council_of(490, griffier, course)
    with count_queries() as large:
        page = client.get("/griffie/?sorteer=status").get_data(as_text=True)
        client.get("/griffie/overzicht.csv")
    assert "500 toegewezen cursussen" in page
    assert len(large) == len(small)


def test_an_empty_organisation_is_led_to_inviting_members_first(client, griffier):
    html = client.get("/griffie/").get_data(as_text=True)
    first_steps = html.index("Begin met het uitnodigen van de leden")
    assert html.index('href="/griffie/leden/nieuw"', first_steps) > first_steps
    assert "Herinneringen nu versturen" not in html and "Je hebt nog geen cursussen toegewezen" not in html


def test_members_without_assignments_see_no_reminder_button(client, griffier, member_of):
    member_of("Eerste Lid")
    html = client.get("/griffie/").get_data(as_text=True)
    assert "Begin met het uitnodigen" not in html and "Je hebt nog geen cursussen toegewezen" in html
    assert "Herinneringen nu versturen" not in html


def test_the_reminder_button_is_there_once_something_is_assigned(client, griffier, member_of, course):
    assign(course, user=member_of("Eerste Lid"))
    assert "Herinneringen nu versturen" in client.get("/griffie/").get_data(as_text=True)
