"""The audit log pages: the administrator sees all, a griffier their own organisation; filter, page, export."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from app.audit.services import record
from app.auth.models import Role
from app.extensions import db
from tests.conftest import csrf_from
from tests.factories import OrganisationFactory, UserFactory


def entry(action, actor, target=None, at=None, organisation_id=None):
    made = record(action, actor=actor, target=target,
                  organisation_id=organisation_id if organisation_id is not None else actor.organisation_id)
    if at:
        made.at = at
    db.session.commit()
    return made


@pytest.fixture
def other_griffier(db):
    griffier = UserFactory(organisation=OrganisationFactory(name="Gemeente Anderstad"), role=Role.GRIFFIER,
                           name="Greet Anderstad")
    db.session.commit()
    return griffier


def test_griffier_sees_only_own_organisation(client, griffier, other_griffier, member_of):
    entry("member.deactivated", griffier, member_of("Lid Een"))
    entry("member.deactivated", other_griffier)
    html = client.get("/griffie/logboek").get_data(as_text=True)
    assert griffier.name in html and "Lid gedeactiveerd" in html and "Lid Een" in html
    assert "Greet Anderstad" not in html
    exported = client.get("/griffie/logboek.csv").get_data(as_text=True)
    assert griffier.name in exported and "Greet Anderstad" not in exported


def test_administrator_sees_everything(client, login_as, griffier, other_griffier):
    entry("member.deactivated", griffier)
    entry("member.deactivated", other_griffier)
    client.get("/uitloggen")
    login_as(Role.ADMIN)
    html = client.get("/beheer/logboek").get_data(as_text=True)
    assert griffier.name in html and "Greet Anderstad" in html and "Gemeente Anderstad" in html


def test_filter_by_period_in_dutch_days(client, griffier):
    entry("group.created", griffier, at=datetime(2026, 11, 1, 23, 30, tzinfo=UTC))  # 00:30 on 2 November in Amsterdam
    entry("group.deleted", griffier, at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    html = client.get("/griffie/logboek?van=2026-11-02&tot=2026-11-02").get_data(as_text=True)
    assert "Groep gemaakt" in html and "Groep verwijderd" not in html
    assert "Kies een einddatum" in client.get("/griffie/logboek?van=2026-11-05&tot=2026-11-01").get_data(as_text=True)


def test_filter_by_person_as_actor_or_target(client, griffier, member_of, db):
    colleague = UserFactory(organisation=griffier.organisation, role=Role.GRIFFIER, name="Collega Griffier")
    member = member_of("Lid Een")
    entry("member.invited", griffier, member)
    entry("group.created", colleague)
    html = client.get(f"/griffie/logboek?persoon={colleague.id}").get_data(as_text=True)
    assert "Groep gemaakt" in html and "Lid uitgenodigd" not in html
    html = client.get(f"/griffie/logboek?persoon={member.id}").get_data(as_text=True)
    assert "Lid uitgenodigd" in html and "Groep gemaakt" not in html


def test_paginated_without_growing_queries(client, griffier, count_queries):
    entry("group.created", griffier)
    with count_queries() as few:
        client.get("/griffie/logboek")
    for _ in range(60):
        record("group.created", actor=griffier, organisation_id=griffier.organisation_id)
    db.session.commit()
    with count_queries() as many:
        html = client.get("/griffie/logboek").get_data(as_text=True)
    assert len(many) == len(few)
    assert "Pagina 1 van 2" in html and client.get("/griffie/logboek?page=2").status_code == 200


def test_export_has_every_filtered_row(client, griffier):
    for _ in range(60):
        record("group.created", actor=griffier, organisation_id=griffier.organisation_id)
    db.session.commit()
    response = client.get("/griffie/logboek.csv")
    assert response.mimetype == "text/csv" and "logboek-" in response.headers["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[:4] == ["Tijdstip", "Actie", "Code", "Door"]
    assert len([r for r in rows if r[2] == "group.created"]) == 60
    excel = client.get("/griffie/logboek.csv?excel=1").data
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel


def test_the_trail_is_append_only_from_the_app(app, client, griffier):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    made = entry("group.created", griffier)
    token = csrf_from(client.get("/griffie/leden").get_data(as_text=True))
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/griffie/logboek", data={"csrf_token": token}).status_code == 405
    db.session.expire_all()
    assert db.session.get(type(made), made.id) is not None


@pytest.mark.parametrize("url", ["/griffie/logboek", "/griffie/logboek.csv", "/beheer/logboek", "/beheer/logboek.csv"])
def test_members_are_refused(client, login_as, url):
    client.get("/uitloggen")
    login_as(Role.MEMBER)
    assert client.get(url).status_code == 403


def test_a_refused_page_is_logged(client, login_as, caplog):
    client.get("/uitloggen")
    member = login_as(Role.MEMBER)
    with caplog.at_level("WARNING", logger="app.errors"):
        assert client.get("/griffie/logboek").status_code == 403
    [line] = [r.getMessage() for r in caplog.records if "access refused" in r.getMessage()]
    assert f"user={member.id}" in line and "'/griffie/logboek'" in line


def test_a_forged_form_is_logged(client, login_as, caplog):
    client.get("/uitloggen")
    member = login_as(Role.MEMBER)
    with caplog.at_level("WARNING", logger="app.errors"):
        assert client.post("/mijn-gegevens/verwijderen", data={"confirm": "y"}).status_code == 400
    assert any("csrf refused" in r.getMessage() and f"user={member.id}" in r.getMessage() for r in caplog.records)
