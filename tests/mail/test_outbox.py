"""The outbox: stored with the change, sent after the commit, retried with backoff, never twice."""
from __future__ import annotations

import threading
from datetime import timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import func, select, update

from app.auth import services as auth_services
from app.auth.models import Function, Role, User
from app.db_types import utcnow
from app.extensions import db
from app.mail import send_email, sender
from app.mail.models import FAILED, PENDING, SENT, OutboundEmail
from tests.conftest import submit
from tests.factories import OrganisationFactory


def make_due_now() -> None:
    """Skip the backoff wait, as if the retry time has come."""
    db.session.execute(update(OutboundEmail).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_a_rolled_back_change_sends_nothing(app, db, smtp_server):
    organisation = OrganisationFactory()
    db.session.commit()
    auth_services.invite_user(organisation, "weg@gemeente.example", "Weg", Role.MEMBER, Function.RAADSLID)
    db.session.rollback()
    assert sender.drain() == 0
    assert smtp_server.received == [] and db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 0


def test_nothing_goes_out_before_the_commit_and_the_message_is_well_formed(app, db, smtp_server):
    send_email("lid@gemeente.example", "Uitnodiging voor Weerbaar Leren", "Beste lid,\n\nWelkom bij „Weerbaar Leren”.\n")
    db.session.flush()
    assert smtp_server.received == []
    db.session.commit()
    [received] = smtp_server.received
    message = received.message  # policy.strict: a malformed header raises
    assert message.defects == [] and all(not part.defects for part in message.walk())
    for header in ("From", "To", "Subject", "Date", "Message-ID"):
        assert len(message.get_all(header)) == 1, header
    assert abs(parsedate_to_datetime(message["Date"]) - utcnow()) < timedelta(minutes=1)
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith("@weerbaarleren.nl>")
    assert "„Weerbaar Leren”" in message.get_content()
    assert all(len(line) <= 998 for line in received.raw.split(b"\r\n"))  # RFC 5322 line length
    assert db.session.scalar(select(OutboundEmail.status)) == SENT


def test_a_failing_mail_server_keeps_the_account_and_the_griffier_sees_it_is_retried(app, client, login_as, smtp_server):
    griffier = login_as(Role.GRIFFIER)
    smtp_server.refuse = True
    response = submit(client, "/griffie/leden/nieuw", {"name": "Rik Retry", "email": "rik@gemeente.example",
                                                       "function": "raadslid"})
    assert response.status_code == 302  # no 500: the account is made, the mail waits
    user = db.session.scalar(select(User).where(User.email == "rik@gemeente.example"))
    assert user is not None and user.organisation_id == griffier.organisation_id
    message = db.session.scalar(select(OutboundEmail))
    assert (message.status, message.attempts) == (PENDING, 1) and "451" in message.last_error
    assert message.next_attempt_at > utcnow()  # backoff: not again at once
    for page in ("/griffie/leden", f"/griffie/leden/{user.id}"):
        assert "uitnodiging niet verstuurd, wordt opnieuw geprobeerd" in client.get(page).get_data(as_text=True)

    smtp_server.refuse = False
    make_due_now()
    assert sender.drain() == 1
    [received] = smtp_server.received
    assert received.to == "rik@gemeente.example" and "/uitnodiging/" in received.message.get_content()
    assert "niet verstuurd" not in client.get(f"/griffie/leden/{user.id}").get_data(as_text=True)


def test_backoff_doubles_and_the_last_try_fails_for_good(app, db, smtp_server):
    smtp_server.refuse = True
    send_email("lid@gemeente.example", "Onderwerp", "Tekst")
    db.session.commit()
    waits = []
    for _ in range(app.config["MAIL_MAX_ATTEMPTS"] - 1):
        message = db.session.scalar(select(OutboundEmail))
        waits.append(round((message.next_attempt_at - utcnow()).total_seconds() / app.config["MAIL_RETRY_BASE_SECONDS"]))
        make_due_now()
        sender.drain()
    assert waits[:4] == [1, 2, 4, 8]
    message = db.session.scalar(select(OutboundEmail))
    assert message.status == FAILED and message.attempts == app.config["MAIL_MAX_ATTEMPTS"] and message.last_error
    make_due_now()
    assert sender.drain() == 0 and smtp_server.received == []


def test_senders_at_the_same_time_send_each_message_once(app, db, smtp_server):
    smtp_server.delay = 0.05
    for n in range(30):
        send_email(f"lid{n}@gemeente.example", "Onderwerp", "Tekst")
    db.session.commit()  # the inline sender starts here; the threads below race it and each other
    smtp_server.received.clear()
    db.session.execute(update(OutboundEmail).values(status=PENDING, sent_at=None))
    db.session.commit()

    def drain() -> None:
        with app.app_context():
            sender.drain()

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    ids = [item.message["Message-ID"] for item in smtp_server.received]
    assert len(ids) == 30 and len(set(ids)) == 30


def test_a_sender_that_died_mid_send_is_not_retried(app, db, smtp_server):
    send_email("lid@gemeente.example", "Onderwerp", "Tekst")
    db.session.commit()
    smtp_server.received.clear()
    db.session.execute(update(OutboundEmail).values(status="sending", claimed_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert sender.drain() == 0 and smtp_server.received == []
    message = db.session.scalar(select(OutboundEmail))
    assert message.status == FAILED and "onderbroken" in message.last_error


def test_the_mail_command_sends_what_waits(app, db, smtp_server):
    smtp_server.refuse = True
    send_email("lid@gemeente.example", "Onderwerp", "Tekst")
    db.session.commit()
    smtp_server.refuse = False
    make_due_now()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and result.output.startswith("1 bericht(en) verstuurd; 0 wachten nog")
    assert len(smtp_server.received) == 1


def test_forgot_password_answers_the_same_with_the_mail_server_down(app, client, db, smtp_server):
    from tests.factories import UserFactory

    UserFactory(email="bestaat@gemeente.example")
    db.session.commit()
    smtp_server.refuse = True
    pages = [submit(client, "/wachtwoord-vergeten", {"email": email})
             for email in ("bestaat@gemeente.example", "onbekend@gemeente.example")]
    assert [page.status_code for page in pages] == [200, 200]  # no 500 that gives away who has an account
    message = db.session.scalar(select(OutboundEmail))
    assert message.to_address == "bestaat@gemeente.example" and message.status == PENDING and message.last_error
