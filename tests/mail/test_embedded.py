"""`make run` without Redis or a mail server: the README's flow, links in instance/outbox/ and the log."""
from __future__ import annotations

import logging
import time

from tests.conftest import submit
from tests.factories import UserFactory
from tests.mail.conftest import wait_for


def test_the_link_lands_in_the_outbox_folder_and_the_log_after_the_request(app, client, db, outbox,
                                                                          in_process_threads, caplog):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="app.mail.transport"):
        started = time.monotonic()
        response = submit(client, "/wachtwoord-vergeten", {"email": "lid@gemeente.example"})
        assert response.status_code == 200 and time.monotonic() - started < 5
        assert wait_for(lambda: len(outbox()) == 1, 20)  # sent by a thread of the web process
    [message] = outbox()
    assert "To: lid@gemeente.example" in message and "/wachtwoord-herstellen/" in message
    assert "Email to lid@gemeente.example written to" in caplog.text
