"""Deadline reminders: who gets one today, sending them, and keeping the record. Services flush."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.certificates.models import Certificate
from app.db_types import local_day
from app.extensions import db
from app.griffie.models import Reminder
from app.griffie.progress import Row, State, rows_for
from app.i18n import date_nl, mail_language
from app.mail import send_email
from app.organisations.models import Organisation
from app.urls import external_url

UPCOMING, OVERDUE = "upcoming", "overdue"


@dataclass(frozen=True)
class Due:
    row: Row
    kind: str


@dataclass
class RunResult:
    sent: int = 0  # put in the outbox now
    skipped: int = 0  # already added by a run at the same moment
    failures: list[str] = field(default_factory=list)


def due_reminders(organisation_id: int, today: date, days_before: int, interval: int) -> list[Due]:
    """Reminders to send today: once when a deadline is `days_before` days away or closer, and
    every `interval` days while it is overdue. Never to someone who completed the course, who
    was deactivated, or who has not accepted the invitation yet (the invitation is their nudge).

    A member whose certificate ran out gets them only for a deadline after the day it ran out: then
    the griffie asks for a new round. An older deadline was met by the completion, so it stays quiet."""
    last_sent = _last_sent(organisation_id)
    rows = rows_for(organisation_id, today)
    ran_out = _ran_out_on(organisation_id) if any(row.state == State.EXPIRED for row in rows) else {}
    due = []
    for row in rows:
        if row.deadline is None or row.state == State.COMPLETED or not row.has_accepted:
            continue
        if row.state == State.EXPIRED and row.deadline <= ran_out.get((row.user_id, row.course_id), date.max):
            continue
        sent_on = last_sent.get((row.user_id, row.course_id, row.deadline))
        if row.state == State.OVERDUE or (row.state == State.EXPIRED and today > row.deadline):
            last_overdue = sent_on.get(OVERDUE) if sent_on else None
            if last_overdue is None or today - last_overdue >= timedelta(days=interval):
                due.append(Due(row, OVERDUE))
        elif row.deadline - today <= timedelta(days=days_before) and not (sent_on and UPCOMING in sent_on):
            due.append(Due(row, UPCOMING))
    return due


def _ran_out_on(organisation_id: int) -> dict[tuple[int, int], date]:
    """(user, course) -> the Dutch day the member's last certificate (not revoked) ran out."""
    return {(user_id, course_id): local_day(expires_at) for user_id, course_id, expires_at in db.session.execute(
        select(Certificate.user_id, Certificate.course_id, func.max(Certificate.expires_at))
        .where(Certificate.organisation_id == organisation_id, Certificate.revoked_at.is_(None),
               Certificate.expires_at.is_not(None))
        .group_by(Certificate.user_id, Certificate.course_id)) if expires_at is not None}


def _last_sent(organisation_id: int) -> dict[tuple[int, int, date], dict[str, date]]:
    """(user, course, deadline) -> {kind: the Dutch day of the last reminder that went out}."""
    result: dict[tuple[int, int, date], dict[str, date]] = {}
    for user_id, course_id, deadline, kind, last in db.session.execute(
        select(Reminder.user_id, Reminder.course_id, Reminder.deadline, Reminder.kind, func.max(Reminder.created_at))
        .where(Reminder.organisation_id == organisation_id, Reminder.is_sent.is_(True))
        .group_by(Reminder.user_id, Reminder.course_id, Reminder.deadline, Reminder.kind)
    ):
        result.setdefault((user_id, course_id, deadline), {})[kind] = local_day(last)
    return result


def send_due_reminders(organisation_id: int, today: date, days_before: int, interval: int,
                       progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Put today's reminders for one organisation in the outbox, each with its record. COMMITS each one.

    A reminder and its message are committed together, one at a time: a run that is killed halfway
    leaves a record of exactly what was queued, and the outbox sends exactly that. When another run
    (a second press, another worker) added the same reminder first, the unique constraint refuses
    ours and it is skipped, not sent twice. The outbox retries what the mail server refuses.
    """
    result = RunResult()
    due = due_reminders(organisation_id, today, days_before, interval)
    recipients = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_({d.row.user_id for d in due})))}
    for number, item in enumerate(due, start=1):
        if _queue(organisation_id, item, recipients[item.row.user_id], today):
            result.sent += 1
        else:
            result.skipped += 1
        if progress and (number % 20 == 0 or number == len(due)):
            progress(number, len(due))
    return result


def _queue(organisation_id: int, item: Due, recipient: User, today: date) -> bool:
    """True when this run added the reminder; False when another run had it already."""
    row = item.row
    try:
        reminder = Reminder(organisation_id=organisation_id, user_id=row.user_id, course_id=row.course_id,
                            kind=item.kind, deadline=row.deadline, is_sent=True,
                            slot=row.deadline if item.kind == UPCOMING else today)
        db.session.add(reminder)
        db.session.flush()  # the unique constraint speaks here, before any mail is queued
        with force_locale(mail_language(recipient)):  # the member's language
            message = _message(item, today)
        reminder.email = send_email(recipient.email, *message, kind="reminder")
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def send_all(today: date, days_before: int, interval: int) -> RunResult:
    """The cron run: every active organisation (a deactivated one's members cannot log in anyway)."""
    total = RunResult()
    for organisation_id in db.session.scalars(select(Organisation.id).where(Organisation.active.is_(True))
                                              .order_by(Organisation.id)):
        result = send_due_reminders(organisation_id, today, days_before, interval)
        total.sent += result.sent
        total.failures += result.failures
    return total


def _message(item: Due, today: date) -> tuple[str, str]:
    row = item.row
    link = external_url("learn.course", course_slug=row.course_slug)
    deadline = date_nl(row.deadline)
    if item.kind == OVERDUE:
        subject = _("Je training is over de deadline: %(course)s", course=row.course_title)
        opening = _("De griffie vroeg je de training „%(course)s” af te ronden vóór %(date)s. "
                    "Die datum is voorbij.", course=row.course_title, date=deadline)
    else:
        subject = _("Herinnering: rond %(course)s af vóór %(date)s", course=row.course_title, date=deadline)
        opening = _("De griffie vraagt je de training „%(course)s” af te ronden vóór %(date)s.",
                    course=row.course_title, date=deadline)
    body = _("Beste %(name)s,\n\n%(opening)s\n\nJe gaat verder waar je gebleven was:\n%(link)s\n\n"
             "Lukt het niet op tijd? Laat het je griffie weten.\n", name=row.name, opening=opening, link=link)
    return subject, body
