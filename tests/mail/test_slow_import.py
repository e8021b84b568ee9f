"""The issue's production failure: a CSV import with a mail server that takes 0.5 s per message."""
from __future__ import annotations

import time

from sqlalchemy import create_engine, func, select, text

from app.auth.models import Role, User
from app.extensions import db
from app.jobs.models import DONE, Job
from tests.griffie.test_import import confirm, upload
from tests.mail.conftest import wait_for

ROWS = 200


def test_import_of_200_with_a_slow_mail_server(app, client, login_as, smtp_server, in_process_threads):
    login_as(Role.GRIFFIER)
    smtp_server.delay = 0.5
    # Every message must find its account committed when it arrives: sent after the commit, never before.
    probe = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    without_account = []

    def check_committed(item) -> None:
        with probe.connect() as connection:
            if not connection.execute(text('SELECT 1 FROM "user" WHERE email = :e'), {"e": item.to}).first():
                without_account.append(item.to)

    smtp_server.on_message = check_committed
    csv = "naam;e-mailadres;functie\n" + "".join(f"Lid {n};lid{n}@import.example;raadslid\n" for n in range(ROWS))
    preview = upload(client, csv).get_data(as_text=True)
    started = time.monotonic()
    response = confirm(client, preview)
    assert response.status_code == 302 and time.monotonic() - started < 3  # 200 × 0.5 s would be 100 s
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])

    def job_done() -> bool:
        db.session.expire_all()
        return db.session.get(Job, job_id).status == DONE

    assert wait_for(job_done, 60)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email.like("%@import.example"))) == ROWS
    assert wait_for(lambda: len(smtp_server.received) >= ROWS, 90)
    time.sleep(1)  # anything extra would arrive now
    assert sorted(item.to for item in smtp_server.received) == sorted(f"lid{n}@import.example" for n in range(ROWS))
    assert without_account == []
    probe.dispose()
