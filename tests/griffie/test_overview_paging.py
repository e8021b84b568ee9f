"""The overview pages, sorts and exports in the database: pages do not overlap, the order is the
one asked for, and the CSV streams."""
from __future__ import annotations

import csv
import io

from tests.griffie.test_overview import _council_of, table_rows


def test_pages_follow_the_chosen_order_without_overlap(client, griffier, course, count_queries):
    _council_of(60, griffier, course)
    first = [row[0] for row in table_rows(client.get("/griffie/?sorteer=naam&richting=af").get_data(as_text=True))]
    second = [row[0] for row in table_rows(
        client.get("/griffie/?sorteer=naam&richting=af&page=2").get_data(as_text=True))]
    assert len(first) == 50 and len(second) == 10
    everyone = first + second
    assert everyone == sorted(everyone, key=str.casefold, reverse=True)
    assert len(set(everyone)) == 60


def test_the_export_streams_every_row_in_the_page_order(client, griffier, course):
    _council_of(60, griffier, course)
    response = client.get("/griffie/overzicht.csv?sorteer=naam")
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    names = [row[0] for row in rows[1:]]
    assert rows[0][0] == "Naam" and len(names) == 60 and names == sorted(names, key=str.casefold)
    assert {row[4] for row in rows[1:]} <= {"Nog niet begonnen", "Bezig"}
