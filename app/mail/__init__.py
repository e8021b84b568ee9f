"""Outgoing e-mail through a transactional outbox.

`send_email` only adds a row to the caller's transaction: when that rolls back, nothing is sent;
when it commits, a sender (app.mail.sender) delivers it, by SMTP when MAIL_SERVER is set,
otherwise as a file in instance/outbox/ and a line in the log.
"""
from __future__ import annotations

from email.utils import make_msgid

from app.extensions import db


def send_email(to: str, subject: str, body: str, *, kind: str = ""):
    """Queue one message (returned, an OutboundEmail); it goes out after the caller commits.
    Never talks to the mail server, so it never fails because the mail server does."""
    from app import background
    from app.mail.models import OutboundEmail

    message = OutboundEmail(to_address=to, subject=subject, body=body, kind=kind,
                            message_id=make_msgid(domain="weerbaarleren.nl"))
    db.session.add(message)
    db.session.flush()
    background.after_commit_send_mail()
    return message
