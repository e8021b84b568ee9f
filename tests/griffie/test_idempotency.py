"""Two presses, two workers, two posts at once: each thing happens once, and a lost race is no 500."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from app.auth import services as auth_services
from app.auth import tokens
from app.auth.models import Role, User
from app.auth.passwords import verify_password
from app.extensions import db
from app.griffie import member_import, reminders
from app.griffie.models import Reminder
from app.mail.models import OutboundEmail
from tests.conftest import csrf_from, sign_in
from tests.griffie.conftest import assign
from tests.griffie.test_reminders import TODAY


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def second_client(app, user):
    other = app.test_client()
    sign_in(other, user)
    return other


def both_at_once(*calls):
    """Run the calls in threads that start together; their results in order."""
    results = [None] * len(calls)

    def run(i):
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_griffiers_pressing_at_once_send_each_reminder_once(app, client, griffier, member_of, course, monkeypatch,
                                                                outbox):
    for n in range(6):
        assign(course, user=member_of(f"Lid {n}"), deadline=TODAY + timedelta(days=n % 3))
    colleague_client = second_client(app, griffier)
    tokens_ = [csrf_from(c.get("/griffie/").get_data(as_text=True)) for c in (client, colleague_client)]
    # Both presses must see the same six due reminders before either records one: the real race.
    barrier = threading.Barrier(2, timeout=20)
    found = reminders.due_reminders

    def due_then_wait(*args, **kwargs):
        result = found(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(reminders, "due_reminders", due_then_wait)
    responses = both_at_once(*(lambda c=c, t=t: c.post("/griffie/herinneringen", data={"csrf_token": t})
                               for c, t in zip((client, colleague_client), tokens_, strict=True)))
    assert [r.status_code for r in responses] == [302, 302]
    assert count(Reminder) == 6 and count(OutboundEmail) == 6 and len(outbox()) == 6


def test_the_same_invitation_link_posted_twice_at_once_succeeds_once(app, db):
    from tests.factories import UserFactory

    user = UserFactory(password=False)
    db.session.commit()
    token = tokens.make_token(user, tokens.INVITE)
    url = f"/uitnodiging/{token}"
    clients = [app.test_client(), app.test_client()]
    csrf = [csrf_from(c.get(url).get_data(as_text=True)) for c in clients]
    barrier = threading.Barrier(2, timeout=20)
    read = tokens.read_token

    def read_then_wait(*args):
        found = read(*args)
        if found is not None:
            barrier.wait()  # both posts hold a valid link before either uses it
        return found

    from app.auth import routes

    routes.tokens.read_token = read_then_wait
    try:
        passwords = ["eerste-wachtwoord-1", "tweede-wachtwoord-2"]
        responses = both_at_once(*(lambda c=c, t=t, p=p: c.post(url, data={"csrf_token": t, "password": p,
                                                                           "confirm": p})
                                   for c, t, p in zip(clients, csrf, passwords, strict=True)))
    finally:
        routes.tokens.read_token = read
    assert sorted(r.status_code for r in responses) == [302, 409]
    winner = passwords[[r.status_code for r in responses].index(302)]
    db.session.expire_all()
    stored = db.session.get(User, user.id).password_hash
    assert verify_password(stored, winner) and not verify_password(stored, next(p for p in passwords if p != winner))
    loser = responses[[r.status_code for r in responses].index(409)].get_data(as_text=True)
    assert "Deze link werkt niet meer" in loser


def test_a_lost_race_in_an_import_is_a_row_message(db, griffier, monkeypatch):
    text = "naam,e-mailadres,functie\nAnna,anna@voorbeeld.nl,raadslid\nBen,ben@voorbeeld.nl,raadslid\n"
    plan = member_import.plan(text, griffier.organisation)
    # Another griffier adds Anna between the plan and our insert, too late for our own check to see.
    db.session.add(User(organisation=griffier.organisation, email="anna@voorbeeld.nl", name="Anna", role=Role.MEMBER))
    db.session.commit()
    monkeypatch.setattr(auth_services, "find_by_email", lambda email: None)
    outcome = member_import.invite_planned(plan, griffier.organisation)
    assert outcome.invited == 1
    assert outcome.messages == [(2, "anna@voorbeeld.nl is net door iemand anders toegevoegd; deze rij is overgeslagen.")]
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ben@voorbeeld.nl")) == 1
