"""Mijn gegevens: the page, and a download holding everything the tables hold about the person."""
from __future__ import annotations

import json

from sqlalchemy import text

from app.auth.models import User
from app.extensions import db
from app.privacy.export import COVERED
from tests.conftest import sign_in

# Rows reach a person through a parent row, not a user column.
THROUGH_PARENT = {"answer": ("attempt", "attempt_id"), "lesson_progress": ("enrollment", "enrollment_id")}


def user_columns() -> dict[str, list[str]]:
    """Every table with a column pointing at user.id, and those columns."""
    found: dict[str, list[str]] = {}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "user":
                found.setdefault(table.name, []).append(fk.parent.name)
    return found


def test_every_table_pointing_at_a_person_is_exported():
    assert set(user_columns()) | {"user"} | set(THROUGH_PARENT) <= COVERED


def ids_in_database(table: str, columns: list[str], user_id: int) -> set[int]:
    """The ids of the person's rows; for the group link table, the ids of the groups."""
    condition = " OR ".join(f"{c} = :uid" for c in columns)
    key = "group_id" if table == "group_member" else "id"
    if table == "audit_entry":
        condition += " OR (target_type = 'User' AND target_id = :uid)"
    quoted = f'"{table}"'
    return set(db.session.scalars(text(f"SELECT {key} FROM {quoted} WHERE {condition}"), {"uid": user_id}))


def test_the_download_holds_every_row_of_every_table(client, rich_member):
    client.get("/uitloggen")
    sign_in(client, rich_member)
    response = client.get("/mijn-gegevens.json")
    assert response.mimetype == "application/json" and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert set(data) == COVERED
    for table, columns in user_columns().items():
        exported = {row["id"] for row in data[table]}
        assert ids_in_database(table, columns, rich_member.id) <= exported, table
    for table, (parent, column) in THROUGH_PARENT.items():
        parent_ids = ids_in_database(parent, user_columns()[parent], rich_member.id)
        rows = db.session.execute(text(f"SELECT id, {column} FROM {table}")).all()
        assert {i for i, p in rows if p in parent_ids} == {row["id"] for row in data[table]}, table
    account = data["user"][0]
    assert (account["name"], account["email"], account["organisation"]) == (
        "Rijk Lid", "rijk@voorbeeld.nl", rich_member.organisation.name)
    assert "password_hash" not in account and account["has_password"] is True
    assert [g["name"] for g in data["group_member"]] == ["Raad"]
    assert len(data["assignment"]) == 2  # the own one and the group's
    assert data["answer"][0]["choices"] == ["a"] and data["certificate"][0]["code"] == rich_member.certificate.code
    assert [m["subject"] for m in data["outbound_email"]] == ["Herinnering"]  # found by address, not by id
    assert all(table_rows for table, table_rows in data.items() if table not in ("course_draft", "publication", "job", "attempt_grant", "turnover"))


def test_readable_download_and_page(client, rich_member):
    sign_in(client, rich_member)
    html = client.get("/mijn-gegevens.html").get_data(as_text=True)
    assert "Mijn gegevens bij Weerbaar Leren" in html and "rijk@voorbeeld.nl" in html and "Je antwoorden" in html
    assert "<dt>E-mailadres</dt>" in html and "<dt>Gekozen</dt>" in html  # Dutch labels, not column names
    page = client.get("/mijn-gegevens").get_data(as_text=True)
    assert "<h1>Mijn gegevens</h1>" in page and "rijk@voorbeeld.nl" in page and "Vraag om verwijderen" in page


def test_export_is_only_ever_ones_own(client, rich_member, login_as):
    client.get("/uitloggen")
    stranger = login_as("member", name="Iemand Anders")
    data = json.loads(client.get("/mijn-gegevens.json").data)
    assert data["user"][0]["id"] == stranger.id
    assert "rijk@voorbeeld.nl" not in json.dumps(data)
    assert db.session.get(User, rich_member.id) is not None
