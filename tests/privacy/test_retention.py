"""`flask privacy retention`: each rule removes what is past its time, and nothing younger."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.griffie.models import Reminder
from app.jobs.models import Job
from app.mail.models import FAILED, PENDING, SENT, OutboundEmail
from app.privacy import signals
from tests.factories import UserFactory
from tests.griffie.conftest import NOW


def run(app) -> str:
    result = app.test_cli_runner().invoke(args=["privacy", "retention"])
    assert result.exit_code == 0, result.output
    return result.output


def erased(user: User) -> bool:
    db.session.expire_all()
    return db.session.get(User, user.id).erased_at is not None


def test_each_rule_at_its_boundary(app, db, griffier, course):
    config = app.config
    days = timedelta(days=1)
    old_invite = UserFactory(password=False, invited_at=NOW - config["PRIVACY_UNACCEPTED_INVITATION_DAYS"] * days - days)
    new_invite = UserFactory(password=False, invited_at=NOW - 3 * days)
    long_gone = UserFactory(active=False, deactivated_at=NOW - config["PRIVACY_DEACTIVATED_DAYS"] * days - days)
    just_gone = UserFactory(active=False, deactivated_at=NOW - 10 * days)
    old_request = UserFactory(erasure_requested_at=NOW - config["PRIVACY_ERASURE_REQUEST_DAYS"] * days - days)
    new_request = UserFactory(erasure_requested_at=NOW - days)
    active = UserFactory()
    old_log = AuditEntry(action="group.created", at=NOW - config["AUDIT_RETENTION_DAYS"] * days - days)
    new_log = AuditEntry(action="group.created", at=NOW - days)
    old_mail = Reminder(organisation_id=active.organisation_id, user_id=active.id, course_id=course.course_id,
                        kind="upcoming", deadline=date(2026, 1, 1), is_sent=True,
                        created_at=NOW - config["MAIL_LOG_RETENTION_DAYS"] * days - days)
    new_mail = Reminder(organisation_id=active.organisation_id, user_id=active.id, course_id=course.course_id,
                        kind="upcoming", deadline=date(2026, 12, 1), is_sent=True, created_at=NOW - days)
    old_days = config["MAIL_LOG_RETENTION_DAYS"] * days + days
    outbox = [OutboundEmail(to_address="a@b.nl", subject="s", body="b", message_id=str(n), status=status,
                            created_at=NOW - age) for n, (status, age) in enumerate(
                  [(SENT, old_days), (FAILED, old_days), (PENDING, old_days), (SENT, days)])]
    old_job = Job(kind="member_import", status="done", params={"csv_text": "naam;e-mail\nAnna;anna@x.nl"},
                  finished_at=NOW - old_days)
    new_job = Job(kind="member_import", status="done", params={"csv_text": "x"}, finished_at=NOW - days)
    db.session.add_all([old_log, new_log, old_mail, new_mail, *outbox, old_job, new_job])
    db.session.commit()
    log_ids, mail_ids = (old_log.id, new_log.id), (old_mail.id, new_mail.id)
    outbox_ids = [m.id for m in outbox]
    old_job_id, new_job_id = old_job.id, new_job.id

    output = run(app)
    assert "erased_invitations: 1" in output and "erased_deactivated: 1" in output and "erased_requests: 1" in output
    assert [erased(u) for u in (old_invite, long_gone, old_request)] == [True, True, True]
    assert [erased(u) for u in (new_invite, just_gone, new_request, active, griffier)] == [False] * 5
    assert [db.session.get(AuditEntry, i) is not None for i in log_ids] == [False, True]
    assert [db.session.get(Reminder, i) is not None for i in mail_ids] == [False, True]
    # old sent and failed mail goes; a message still waiting for a try stays, and so does recent mail
    assert [db.session.get(OutboundEmail, i) is not None for i in outbox_ids] == [False, False, True, True]
    assert "outbox_deleted: 2" in output
    assert (db.session.get(Job, old_job_id).params, db.session.get(Job, new_job_id).params) == ({}, {"csv_text": "x"})
    reasons = sorted(e.details["reason"] for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "privacy.erased")))
    assert reasons == ["retention-deactivated", "retention-invitation", "retention-request"]
    assert "erased_invitations: 0" in run(app)  # a second run finds nothing new


def test_deactivating_starts_the_clock(client, griffier, member_of):
    from tests.conftest import submit

    member = member_of("Lid Een")
    submit(client, f"/griffie/leden/{member.id}/deactiveren", {}, page=f"/griffie/leden/{member.id}")
    db.session.expire_all()
    assert member.deactivated_at == NOW
    submit(client, f"/griffie/leden/{member.id}/activeren", {}, page=f"/griffie/leden/{member.id}")
    db.session.expire_all()
    assert member.deactivated_at is None


def test_the_outbox_hook_is_pruned_too(app, db):
    def prune(now, config):
        return {"outbox_deleted": 3}

    signals.pruning.connect(prune)
    try:
        assert "outbox_deleted: 3" in run(app)
    finally:
        signals.pruning.disconnect(prune)
