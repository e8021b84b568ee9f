"""Leavers stay active until the installation day, then count as deactivated everywhere; certificates stay valid."""
from __future__ import annotations

from datetime import UTC, date, datetime

from app.extensions import db
from tests.conftest import sign_in
from tests.factories import CertificateFactory, UserFactory
from tests.turnover.conftest import confirm, refresh, upload

EVE = datetime(2027, 3, 30, 21, 50, tzinfo=UTC)  # 23:50 in Amsterdam (summer time), the last evening
INSTALLATION = datetime(2027, 3, 30, 22, 5, tzinfo=UTC)  # 00:05 in Amsterdam, 31 March


def test_leavers_can_log_in_until_the_installation_day(app, client, griffier, council, frozen):
    leaver = council["vertrekt"]
    certificate = CertificateFactory(user=leaver, course_title="Weerbaar in de Staten")
    db.session.commit()
    confirm(client, upload(client))
    frozen.move_to(EVE)
    visitor = app.test_client()
    sign_in(visitor, refresh(leaver))
    sign_in(client, refresh(griffier))  # months later: a fresh session for the griffier too
    assert visitor.get("/leren/").status_code == 200 and refresh(leaver).is_active
    assert "Gedeactiveerd vanaf 31 maart 2027" in client.get("/griffie/leden").get_data(as_text=True)
    frozen.move_to(INSTALLATION)
    assert not refresh(leaver).is_active
    assert visitor.get("/leren/").status_code == 302  # the session ends with the day
    listed = client.get("/griffie/leden?account=gedeactiveerd").get_data(as_text=True)
    assert "Vera Vertrekt" in listed and "Vera Vertrekt" not in client.get("/griffie/leden?account=actief").get_data(
        as_text=True)
    result = app.test_cli_runner().invoke(args=["members", "deactivate-due"])
    assert "1 account(s) gedeactiveerd." in result.output
    leaver = refresh(leaver)
    assert not leaver.active and leaver.deactivated_at is not None and leaver.deactivate_on is None
    verify = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Dit certificaat is geldig." in verify


def test_the_griffier_can_keep_a_leaver_after_all(client, griffier, council):
    confirm(client, upload(client))
    leaver = council["vertrekt"]
    page = client.get(f"/griffie/leden/{leaver.id}").get_data(as_text=True)
    assert "Toch actief houden" in page
    from tests.conftest import csrf_from

    client.post(f"/griffie/leden/{leaver.id}/activeren", data={"csrf_token": csrf_from(page)})
    assert refresh(leaver).deactivate_on is None and refresh(leaver).active


def test_someone_back_on_the_list_is_no_longer_scheduled_to_leave(client, griffier, council):
    confirm(client, upload(client))
    fixed = upload(client, "naam;e-mailadres;functie\nVera Vertrekt;vertrekt@proef.example;statenlid\n"
                           "Bea Blijft-de Wit;blijft@proef.example;statenlid\nOtto Ook;ook@proef.example;statenlid\n"
                           "Nina Nieuw;nina@proef.example;statenlid\n")
    assert "Zou vertrekken; blijft nu toch actief." in fixed
    confirm(client, fixed)
    assert refresh(council["vertrekt"]).deactivate_on is None


def test_a_former_member_on_the_list_comes_back(client, griffier, council, provincie, outbox):
    former = UserFactory(organisation=provincie, email="oud@proef.example", name="Olga Oud", function="statenlid",
                         active=False, deactivated_at=datetime(2023, 3, 29, tzinfo=UTC))
    db.session.commit()
    html = upload(client, "naam;e-mailadres;functie\nOlga Oud;oud@proef.example;statenlid\n"
                          "Bea Blijft;blijft@proef.example;statenlid\nOtto Ook;ook@proef.example;statenlid\n")
    assert "Was eerder lid: het account wordt weer actief." in html
    confirm(client, html)
    assert refresh(former).active and outbox() == []  # she has a password: no new invitation needed
    assert date(2027, 3, 31) == refresh(council["vertrekt"]).deactivate_on
