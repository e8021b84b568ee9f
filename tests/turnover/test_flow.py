"""Nieuwe zittingsperiode: compare, confirm once, run as a job; twice changes nothing twice."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.assignments.models import Assignment
from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.extensions import db
from app.turnover.models import Turnover
from tests.turnover.conftest import confirm, refresh, upload


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_preview_shows_who_stays_leaves_and_is_new_and_changes_nothing(client, griffier, council, outbox):
    html = upload(client, "naam,e-mailadres,functie\nBea Blijft-de Wit,blijft@proef.example,statenlid\n"
                          "Otto Ook,ook@proef.example,statenlid\nNina Nieuw,nina@proef.example,statenlid\n"
                          "Zonder Functie,zonder@proef.example,\n")
    assert "<h1>Controleer de nieuwe zittingsperiode</h1>" in html and "Er is nog niets veranderd" in html
    assert "Blijven (2)" in html and "Vertrekken (1)" in html and "Nieuw (1)" in html
    assert "Naam in de lijst: Bea Blijft-de Wit" in html  # a stayer's change is shown
    assert "Vera Vertrekt" in html and "Nina Nieuw" in html
    assert "De functie ontbreekt." in html and "1 rij heeft een fout" in html  # the import's own row check
    assert "griffier@proef.example" not in html.split("Vertrekken")[1].split("Nieuw (")[0]  # staff never leave
    assert 'value="2027-03-31"' in html  # the coming installation: two weeks after 17 March 2027
    assert count(User, User.email == "nina@proef.example") == 0 and count(Turnover) == 0 and outbox() == []
    assert refresh(council["vertrekt"]).deactivate_on is None


def test_a_bad_file_says_why_on_the_upload_page(client, griffier):
    html = upload(client, "naam;functie\nAnna;statenlid\n")
    assert "De kolom „e-mailadres” ontbreekt" in html and 'href="#file"' in html


def test_confirm_runs_the_job_and_shows_a_summary(client, griffier, council, outbox, course):
    response = confirm(client, upload(client), course=course.course_id)
    assert response.status_code == 302 and "/taken/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 uitnodiging klaargezet." in page and "1 toewijzing gemaakt, met deadline 12 mei 2027." in page
    assert "1 wordt gedeactiveerd op 31 maart 2027." in page
    assert "Bij 1 lid is de naam of functie bijgewerkt." in page
    nina = db.session.scalar(select(User).where(User.email == "nina@proef.example"))
    assert nina.organisation_id == griffier.organisation_id and nina.role == Role.MEMBER
    mails = outbox()
    assert len(mails) == 1 and "To: nina@proef.example" in mails[0] and "/uitnodiging/" in mails[0]
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == nina.id))
    assert assignment.course_id == course.course_id and assignment.deadline == date(2027, 5, 12)  # 6 weeks on
    assert refresh(council["blijft"]).name == "Bea Blijft-de Wit"
    leaver = refresh(council["vertrekt"])
    assert leaver.active and leaver.deactivate_on == date(2027, 3, 31)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"turnover.confirmed", "turnover.finished", "member.deactivation_scheduled", "member.invited"} <= actions
    turnover = db.session.scalar(select(Turnover))
    summary = client.get(f"/griffie/zittingsperiode/{turnover.id}").get_data(as_text=True)
    assert "Nieuwe zittingsperiode: installatie op 31 maart 2027" in summary and "Klaar op" in summary
    log = client.get("/griffie/logboek").get_data(as_text=True)
    assert "Nieuwe zittingsperiode uitgevoerd" in log


def test_twice_changes_nothing_twice(client, griffier, council, outbox, course):
    preview = upload(client)
    first = confirm(client, preview, course=course.course_id)
    second = confirm(client, preview, course=course.course_id)  # the same page submitted again
    assert count(Turnover) == 1 and second.status_code == 302
    assert second.headers["Location"].endswith(f"/griffie/zittingsperiode/{db.session.scalar(select(Turnover.id))}")
    assert first.headers["Location"] != second.headers["Location"]
    # The same list uploaded again: the newcomer is now a member who stays, the leaver is scheduled already.
    again = upload(client)
    assert "Blijven (3)" in again and "Nieuw (0)" in again and "Vertrekken (1)" in again
    rerun = confirm(client, again, course=course.course_id)
    assert count(Turnover) == 2
    # Its result says nothing was needed, and promises no invitations that do not come.
    page = client.get(rerun.headers["Location"]).get_data(as_text=True)
    assert "Dat was al geregeld: er is niets veranderd." in page and "Geen nieuwe toewijzingen." in page
    assert "uitnodiging" not in page.split("<main")[1] and "0 toewijzingen" not in page
    assert len(outbox()) == 1  # one invitation, ever
    assert count(Assignment) == 1 and count(User, User.email == "nina@proef.example") == 1
    assert count(AuditEntry, AuditEntry.action == "member.deactivation_scheduled") == 1
    assert count(AuditEntry, AuditEntry.action == "member.edited") == 1


def test_a_retry_after_a_failure_does_only_the_rest(app, client, griffier, council, outbox, course, monkeypatch):
    from app.turnover import services

    real = services._Run.leave

    def broken(self, person):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services._Run, "leave", broken)
    response = confirm(client, upload(client), course=course.course_id)
    turnover = db.session.scalar(select(Turnover))
    assert turnover.status == "failed" and len(outbox()) == 1  # the newcomer was invited before it broke
    page = client.get(f"/griffie/zittingsperiode/{turnover.id}").get_data(as_text=True)
    assert "Opnieuw proberen" in page and response.status_code == 302
    monkeypatch.setattr(services._Run, "leave", real)
    from tests.conftest import csrf_from

    retry = client.post(f"/griffie/zittingsperiode/{turnover.id}/opnieuw", data={"csrf_token": csrf_from(page)})
    assert retry.status_code == 302
    turnover = db.session.get(Turnover, turnover.id, populate_existing=True)
    assert turnover.status == "done" and turnover.result["invited"] == 1 and turnover.result["scheduled"] == 1
    assert len(outbox()) == 1 and count(Assignment) == 1  # nothing twice
    assert refresh(council["vertrekt"]).deactivate_on == date(2027, 3, 31)


def test_choices_are_checked_with_an_error_summary(client, griffier, council):
    html = confirm(client, upload(client), installation_on="", weeks="0").get_data(as_text=True)
    assert 'href="#installation_on"' in html and 'href="#weeks"' in html
    assert "Vul de datum van de installatie in" in html and "Kies een aantal weken van 1 tot en met 52." in html
    assert count(Turnover) == 0 and refresh(council["vertrekt"]).deactivate_on is None


def test_confirm_without_csrf_token_is_refused(client, griffier, council):
    preview = upload(client)
    response = confirm(client, preview, csrf_token="")
    assert response.status_code == 400 and count(Turnover) == 0


def test_installation_in_the_past_deactivates_at_once(client, griffier, council):
    confirm(client, upload(client), installation_on="2026-12-01")
    leaver = refresh(council["vertrekt"])
    assert not leaver.active and leaver.deactivated_at is not None


def test_a_run_whose_process_died_can_be_tried_again(client, griffier, council, outbox):
    confirm(client, upload(client))
    turnover = db.session.scalar(select(Turnover))
    turnover.status = "running"  # as a worker leaves it when it is killed halfway (its job is failed or done)
    db.session.commit()
    page = client.get(f"/griffie/zittingsperiode/{turnover.id}").get_data(as_text=True)
    assert "Opnieuw proberen" in page
    from tests.conftest import csrf_from

    client.post(f"/griffie/zittingsperiode/{turnover.id}/opnieuw", data={"csrf_token": csrf_from(page)})
    turnover = db.session.get(Turnover, turnover.id, populate_existing=True)
    assert turnover.status == "done" and len(outbox()) == 1
