"""Erasure and retention. Services flush; the request or the CLI commits.

The erasure rule (docs/privacy.md): the account row stays, so that numbers elsewhere keep
pointing somewhere, but everything that says who the person was goes: name, e-mail address,
password, function, dates of invitation and login, group memberships, assignments to them,
reminders (mail log), learning progress, attempts and answers. Their certificates keep code,
course, organisation, dates and status, lose the name and the PDF, and the verification page
says that the holder's data were removed. Audit entries keep what was done, with the person's
name replaced and the values (not the keys) of details about them blanked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update

from app.assignments.models import Assignment, group_member
from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.models import User, UserSession, new_session_token
from app.auth.totp import remove_second_factor
from app.certificates.models import Certificate
from app.extensions import db
from app.griffie.models import Reminder
from app.jobs.models import Job
from app.learn.models import Enrollment, LessonProgress
from app.mail.models import FAILED, SENT, OutboundEmail
from app.privacy import signals
from app.quizzes.models import Answer, Attempt, AttemptGrant

ERASED_NAME = "Verwijderd account"
ERASED_VALUE = "verwijderd"


class AlreadyErased(Exception):
    pass


def request_erasure(user: User, now: datetime, ip: str | None = None) -> None:
    """The member asks; the griffie or the administrator carries it out (or retention does)."""
    if user.erasure_requested_at is None:
        user.erasure_requested_at = now
        record("privacy.erasure_requested", actor=user, organisation_id=user.organisation_id, target=user, ip=ip)
        db.session.flush()


def withdraw_request(user: User, ip: str | None = None) -> None:
    if user.erasure_requested_at is not None:
        user.erasure_requested_at = None
        record("privacy.erasure_withdrawn", actor=user, organisation_id=user.organisation_id, target=user, ip=ip)
        db.session.flush()


def erase(user: User, now: datetime, *, by: User | None = None, reason: str = "request",
          ip: str | None = None) -> None:
    """Anonymise the person everywhere, keeping what must stay verifiable (see the module docstring).

    `reason` says why for the audit entry: request, retention-deactivated, retention-invitation or
    retention-request. Raises AlreadyErased for an account that was erased before.
    """
    if user.erased_at is not None:
        raise AlreadyErased(user.id)
    signals.erasing.send(user)
    addresses = [a for a in (user.email, user.pending_email) if a]
    db.session.execute(delete(OutboundEmail).where(OutboundEmail.to_address.in_(addresses)))  # the mail log
    _forget_learning(user.id)
    db.session.execute(delete(group_member).where(group_member.c.user_id == user.id))
    db.session.execute(delete(Assignment).where(Assignment.user_id == user.id))
    db.session.execute(delete(Reminder).where(Reminder.user_id == user.id))
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))  # where they logged in, too
    remove_second_factor(user)
    db.session.execute(update(Certificate).where(Certificate.user_id == user.id).values(
        name="", pdf=b"", revoked_reason=None, holder_erased_at=now))
    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_name=ERASED_NAME))
    _blank_details_about(user.id)
    user.name = ERASED_NAME
    user.email = f"verwijderd-{user.id}@verwijderd.invalid"
    user.function = None
    user.pending_email = None
    user.password_hash = None
    user.language = None
    user.session_token = new_session_token()  # ends every session at once
    user.active = False
    user.invited_at = user.password_set_at = user.last_login_at = None
    user.deactivated_at = user.erasure_requested_at = None
    user.erased_at = now
    record("privacy.erased", actor=by, organisation_id=user.organisation_id, target=user, ip=ip,
           details={"reason": reason})
    db.session.flush()


def _blank_details_about(user_id: int) -> None:
    """Entries about the person (their account, their certificates) may hold old and new names or
    addresses in their details: the keys stay, so it still reads what changed, the values go."""
    certificates = select(Certificate.id).where(Certificate.user_id == user_id)
    about = db.session.scalars(select(AuditEntry).where(or_(
        and_(AuditEntry.target_type == "User", AuditEntry.target_id == user_id),
        and_(AuditEntry.target_type == "Certificate", AuditEntry.target_id.in_(certificates)))))
    for entry in about:
        entry.details = {key: ERASED_VALUE for key in (entry.details or {})}


def _forget_learning(user_id: int) -> None:
    attempts = select(Attempt.id).where(Attempt.user_id == user_id)
    enrollments = select(Enrollment.id).where(Enrollment.user_id == user_id)
    db.session.execute(delete(Answer).where(Answer.attempt_id.in_(attempts)))
    db.session.execute(delete(Attempt).where(Attempt.user_id == user_id))
    db.session.execute(delete(AttemptGrant).where(AttemptGrant.user_id == user_id))
    db.session.execute(delete(LessonProgress).where(LessonProgress.enrollment_id.in_(enrollments)))
    db.session.execute(delete(Enrollment).where(Enrollment.user_id == user_id))


def pending_requests(organisation_id: int | None = None) -> list[User]:
    query = select(User).where(User.erasure_requested_at.is_not(None), User.erased_at.is_(None))
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return list(db.session.scalars(query.order_by(User.erasure_requested_at)))


@dataclass
class RetentionReport:
    erased_invitations: int = 0
    erased_deactivated: int = 0
    erased_requests: int = 0
    audit_entries_deleted: int = 0
    reminders_deleted: int = 0
    outbox_deleted: int = 0
    job_params_cleared: int = 0
    other: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"erased_invitations": self.erased_invitations, "erased_deactivated": self.erased_deactivated,
                "erased_requests": self.erased_requests, "audit_entries_deleted": self.audit_entries_deleted,
                "reminders_deleted": self.reminders_deleted, "outbox_deleted": self.outbox_deleted,
                "job_params_cleared": self.job_params_cleared, **self.other}


def apply_retention(now: datetime, config: Any) -> RetentionReport:
    """Run every retention rule once (for cron). Days come from the PRIVACY_* settings."""
    report = RetentionReport()

    def erase_all(query, reason: str) -> int:
        users = list(db.session.scalars(query.where(User.erased_at.is_(None))))
        for user in users:
            erase(user, now, reason=reason)
        return len(users)

    invited_before = now - timedelta(days=config["PRIVACY_UNACCEPTED_INVITATION_DAYS"])
    report.erased_invitations = erase_all(select(User).where(
        User.password_hash.is_(None), or_(User.invited_at < invited_before,
                                          User.invited_at.is_(None) & (User.created_at < invited_before))),
        "retention-invitation")
    report.erased_deactivated = erase_all(select(User).where(
        User.active.is_(False), User.deactivated_at < now - timedelta(days=config["PRIVACY_DEACTIVATED_DAYS"])),
        "retention-deactivated")
    report.erased_requests = erase_all(select(User).where(
        User.erasure_requested_at < now - timedelta(days=config["PRIVACY_ERASURE_REQUEST_DAYS"])),
        "retention-request")
    report.audit_entries_deleted = db.session.execute(delete(AuditEntry).where(
        AuditEntry.at < now - timedelta(days=config["AUDIT_RETENTION_DAYS"]))).rowcount
    mail_before = now - timedelta(days=config["MAIL_LOG_RETENTION_DAYS"])
    report.reminders_deleted = db.session.execute(delete(Reminder).where(Reminder.created_at < mail_before)).rowcount
    # Only what is finished: a message still waiting for its next try stays until it is sent or given up.
    report.outbox_deleted = db.session.execute(delete(OutboundEmail).where(
        OutboundEmail.status.in_((SENT, FAILED)), OutboundEmail.created_at < mail_before)).rowcount
    # A finished member import keeps its CSV (names, addresses) in params; after the same period it goes.
    for job in db.session.scalars(select(Job).where(Job.finished_at < mail_before)):
        if job.params:
            job.params = {}
            report.job_params_cleared += 1
    for _receiver, counts in signals.pruning.send(now, config=config):
        for key, value in (counts or {}).items():
            report.other[key] = report.other.get(key, 0) + value
    record("privacy.retention", details=report.as_dict())
    db.session.flush()
    return report
