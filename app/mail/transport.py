"""Turning an outbox row into an RFC 5322 message and handing it to SMTP or the development folder."""
from __future__ import annotations

import logging
import re
import secrets
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import current_app

from app.db_types import utcnow
from app.mail.models import OutboundEmail

log = logging.getLogger(__name__)


def build(row: OutboundEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = row.message_id
    message.set_content(row.body)
    return message


def deliver(message: EmailMessage) -> None:
    """Raises OSError (smtplib's errors are OSErrors) when the message did not go out."""
    if current_app.config["MAIL_SERVER"]:
        _send_smtp(message)
    else:
        _write_outbox(message)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_outbox(message: EmailMessage) -> Path:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", str(message["To"]).lower()).strip("-")
    # The random part keeps names apart when several senders write in the same microsecond.
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{slug}-{secrets.token_hex(3)}.eml"
    path.write_bytes(bytes(message))
    log.info("Email to %s written to %s (no MAIL_SERVER configured)", message["To"], path)
    return path
