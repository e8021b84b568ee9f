"""Deadline reminders: who gets one, never twice in the same interval, failures kept for the next run."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.griffie.models import Reminder
from app.griffie.reminders import OVERDUE, UPCOMING, due_reminders, send_due_reminders
from tests.conftest import submit
from tests.griffie.conftest import assign, do_lessons

TODAY = date(2026, 11, 23)


def due(organisation_id, today=TODAY):
    return sorted((d.row.name, d.kind) for d in due_reminders(organisation_id, today, 7, 7))


def test_who_gets_a_reminder_today(griffier, member_of, course):
    soon, far, late, done = (member_of(n) for n in ("Binnenkort", "Ver Weg", "Te Laat", "Al Klaar"))
    invited = member_of("Nog Uitgenodigd", password=False)
    gone = member_of("Gedeactiveerd", active=False)
    assign(course, user=soon, deadline=TODAY + timedelta(days=7))      # exactly 7 days: yes
    assign(course, user=far, deadline=TODAY + timedelta(days=8))       # 8 days: not yet
    assign(course, user=late, deadline=TODAY - timedelta(days=1))
    assign(course, user=done, deadline=TODAY - timedelta(days=1))
    assign(course, user=invited, deadline=TODAY)
    assign(course, user=gone, deadline=TODAY)
    member_of("Geen Deadline")  # not even assigned
    do_lessons(done, course, 5)
    assert due(griffier.organisation_id) == [("Binnenkort", UPCOMING), ("Te Laat", OVERDUE)]


def test_a_second_run_the_same_day_sends_nothing(griffier, member_of, course, outbox):
    member = member_of("Rita Herinnering", email="rita@voorbeeld.nl")
    assign(course, user=member, deadline=TODAY + timedelta(days=3))
    first = send_due_reminders(griffier.organisation_id, TODAY, 7, 7)
    db.session.commit()
    second = send_due_reminders(griffier.organisation_id, TODAY, 7, 7)
    assert (first.sent, second.sent) == (1, 0)
    [mail] = outbox()
    assert "To: rita@voorbeeld.nl" in mail and "26 november 2026" in mail and "http://localhost/leren/testcursus" in mail
    # The upcoming reminder is sent once, however many days remain before the deadline.
    assert due(griffier.organisation_id, TODAY + timedelta(days=2)) == []


def test_overdue_reminders_repeat_each_interval_and_stop_when_done(griffier, member_of, course, outbox):
    member = member_of("Otto Over")
    assign(course, user=member, deadline=TODAY - timedelta(days=1))
    send_due_reminders(griffier.organisation_id, TODAY, 7, 7)
    db.session.commit()
    assert due(griffier.organisation_id, TODAY + timedelta(days=6)) == []
    assert due(griffier.organisation_id, TODAY + timedelta(days=7)) == [("Otto Over", OVERDUE)]
    do_lessons(member, course, 5)
    assert due(griffier.organisation_id, TODAY + timedelta(days=7)) == []


def test_a_new_deadline_gets_its_own_reminder(griffier, member_of, course):
    member = member_of("Nadia Nieuw")
    assignment = assign(course, user=member, deadline=TODAY + timedelta(days=2))
    send_due_reminders(griffier.organisation_id, TODAY, 7, 7)
    assignment.deadline = TODAY + timedelta(days=5)
    db.session.commit()
    assert due(griffier.organisation_id) == [("Nadia Nieuw", UPCOMING)]


def test_a_failing_mail_server_keeps_the_reminder_and_the_outbox_retries(griffier, member_of, course, monkeypatch,
                                                                         outbox):
    from app.mail import sender, transport
    from app.mail.models import OutboundEmail

    mia = member_of("Mia Mislukt")
    assign(course, user=mia, deadline=TODAY + timedelta(days=1))

    def broken(message):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(transport, "deliver", broken)
    result = send_due_reminders(griffier.organisation_id, TODAY, 7, 7)
    db.session.commit()
    [record] = db.session.scalars(select(Reminder))
    assert result.sent == 1 and record.email.status == "pending" and "mail server down" in record.email.last_error
    assert outbox() == [] and due(griffier.organisation_id) == []  # recorded once; the outbox owns the retry
    monkeypatch.undo()
    db.session.execute(db.update(OutboundEmail).values(next_attempt_at=OutboundEmail.created_at))
    db.session.commit()
    assert sender.drain() == 1 and len(outbox()) == 1


def test_the_cron_command_sends_for_every_organisation(app, griffier, member_of, course, outbox):
    from tests.factories import OrganisationFactory, UserFactory

    assign(course, user=member_of("Hier Lid"), deadline=TODAY)
    elsewhere = UserFactory(organisation=OrganisationFactory(), name="Daar Lid")
    db.session.commit()
    assign(course, user=elsewhere, deadline=TODAY - timedelta(days=3))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0 and "2 herinnering(en) verstuurd." in result.output
    assert runner.invoke(args=["reminders", "send"]).output.startswith("0 herinnering(en) verstuurd.")
    assert len(outbox()) == 2


def test_the_griffier_sends_now_and_sees_the_record(client, griffier, member_of, course, outbox):
    assign(course, user=member_of("Knop Lid"), deadline=TODAY + timedelta(days=1))
    response = submit(client, "/griffie/herinneringen", {}, page="/griffie/")
    assert response.headers["Location"].startswith("/taken/")  # a job: the request does not wait for it
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 herinnering klaargezet om te versturen." in html
    html = client.get("/griffie/").get_data(as_text=True)
    assert "Laatst verstuurde herinneringen" in html and "Knop Lid" in html and "deadline nadert" in html
    response = submit(client, "/griffie/herinneringen", {}, page="/griffie/")
    assert "Er hoefde vandaag niemand een herinnering te krijgen" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(outbox()) == 1
