"""Delivering the outbox: claim one due message, send it, record the outcome. At most once each.

A message is claimed (status `sending`, committed) before the mail server hears of it, with a
conditional UPDATE that only one sender can win (on PostgreSQL the candidates are also picked
with FOR UPDATE SKIP LOCKED, so senders do not queue behind each other). A failure puts it back
as `pending` with the error and a later `next_attempt_at` (exponential backoff), until
MAIL_MAX_ATTEMPTS. A claim that never finished (the process died mid-send) is not tried again,
because the message may have gone out: it becomes `failed` with an error that says so.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from app.db_types import utcnow
from app.extensions import db
from app.mail import transport
from app.mail.models import FAILED, PENDING, SENDING, SENT, OutboundEmail

log = logging.getLogger(__name__)
STALE_CLAIM = timedelta(minutes=15)


def claim_next() -> OutboundEmail | None:
    """The next due message, now ours (committed as `sending`), or None when nothing is due."""
    now = utcnow()
    query = (select(OutboundEmail.id).where(OutboundEmail.status == PENDING, OutboundEmail.next_attempt_at <= now)
             .order_by(OutboundEmail.next_attempt_at, OutboundEmail.id).limit(5))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for message_id in db.session.scalars(query).all():
        won = db.session.execute(
            update(OutboundEmail).where(OutboundEmail.id == message_id, OutboundEmail.status == PENDING)
            .values(status=SENDING, claimed_at=now, attempts=OutboundEmail.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won:
            db.session.commit()
            return db.session.get(OutboundEmail, message_id, populate_existing=True)
    db.session.commit()  # ends the transaction (and releases the row locks on PostgreSQL)
    return None


def send_claimed(message: OutboundEmail) -> bool:
    """Send a message this sender claimed and record the outcome. True when it went out."""
    try:
        transport.deliver(transport.build(message))
    except Exception as exc:  # noqa: BLE001  (any failure of the transport must be recorded, not lost)
        _record_failure(message, exc)
        return False
    _save_outcome(message.id, status=SENT, sent_at=utcnow(), last_error=None)
    return True


def _save_outcome(message_id: int, **values) -> None:
    """Record what happened, trying a few times: the message went out (or did not), and losing
    that because the database was briefly busy (SQLite under load) would strand it as `sending`."""
    for attempt in range(5):
        try:
            db.session.execute(update(OutboundEmail).where(OutboundEmail.id == message_id).values(**values)
                               .execution_options(synchronize_session=False))
            db.session.commit()
            return
        except OperationalError:
            db.session.rollback()
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))


def _record_failure(message: OutboundEmail, exc: Exception) -> None:
    config = current_app.config
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        log.error("Email %s to %s failed for good after %d tries: %s", message.id, message.to_address,
                  message.attempts, error)
        _save_outcome(message.id, status=FAILED, last_error=error)
    else:
        delay = config["MAIL_RETRY_BASE_SECONDS"] * 2 ** (message.attempts - 1)
        again = utcnow() + timedelta(seconds=min(delay, 6 * 3600))
        log.warning("Email %s to %s not sent (try %d), again at %s: %s", message.id, message.to_address,
                    message.attempts, again, error)
        _save_outcome(message.id, status=PENDING, next_attempt_at=again, last_error=error)


def give_up_stale_claims() -> int:
    """Claims older than STALE_CLAIM belong to a sender that died mid-send: never resend those."""
    count = db.session.execute(
        update(OutboundEmail).where(OutboundEmail.status == SENDING, OutboundEmail.claimed_at < utcnow() - STALE_CLAIM)
        .values(status=FAILED, last_error="Versturen werd onderbroken; niet opnieuw geprobeerd, want het bericht "
                                          "kan al zijn aangekomen.")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return count


def drain(limit: int | None = None) -> int:
    """Send due messages until none is due (or `limit` were tried). Returns how many went out."""
    give_up_stale_claims()
    sent = tried = 0
    while limit is None or tried < limit:
        message = claim_next()
        if message is None:
            break
        tried += 1
        sent += send_claimed(message)
    return sent


def backlog() -> dict[str, int]:
    """Messages waiting (due now or later) and failed for good: for /healthz."""
    counts = dict(db.session.execute(
        select(OutboundEmail.status, func.count()).where(OutboundEmail.status.in_((PENDING, SENDING, FAILED)))
        .group_by(OutboundEmail.status)).all())
    return {"waiting": counts.get(PENDING, 0) + counts.get(SENDING, 0), "failed": counts.get(FAILED, 0)}


def undelivered(addresses: list[str], kind: str) -> dict[str, OutboundEmail]:
    """Per address, its latest message of this kind when that one has not gone out because of an
    error (still retrying, or failed for good). One query for any number of addresses."""
    if not addresses:
        return {}
    latest = (select(func.max(OutboundEmail.id)).where(OutboundEmail.kind == kind,
                                                      OutboundEmail.to_address.in_(addresses))
              .group_by(OutboundEmail.to_address))
    rows = db.session.scalars(select(OutboundEmail).where(
        OutboundEmail.id.in_(latest), OutboundEmail.last_error.is_not(None), OutboundEmail.status != SENT))
    return {row.to_address: row for row in rows}
