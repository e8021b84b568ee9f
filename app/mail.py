"""Outgoing email: SMTP when configured, otherwise a file in the outbox for development."""
from __future__ import annotations

import logging
import re
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from app.db_types import utcnow

log = logging.getLogger(__name__)


def send_email(to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="weerbaarleren.nl")
    message.set_content(body)
    if current_app.config["MAIL_SERVER"]:
        _send_smtp(message)
    else:
        _write_outbox(message)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_outbox(message: EmailMessage) -> Path:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", str(message["To"]).lower()).strip("-")
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{slug}.eml"
    path.write_bytes(bytes(message))
    log.info("Email to %s written to %s (no MAIL_SERVER configured)", message["To"], path)
    return path
