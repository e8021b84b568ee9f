"""Everything the platform holds about one person, table by table, for "Mijn gegevens".

One collector per table that holds personal data. `COVERED` names every table the export
reads; tests/privacy/test_export.py checks that each table pointing at a user is in it, so a
new table with personal data cannot be forgotten.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.assignments.models import Assignment, Group, group_member
from app.audit.models import AuditEntry
from app.auth.models import RecoveryCode, User, UserSession
from app.authoring.models import CourseDraft, Publication
from app.certificates.models import Certificate
from app.extensions import db
from app.griffie.models import Reminder
from app.jobs.models import Job
from app.learn.models import Enrollment, LessonProgress
from app.mail.models import OutboundEmail
from app.quizzes.models import Answer, Attempt, AttemptGrant
from app.turnover.models import Turnover, TurnoverStep


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | str):  # enums
        return value.value
    return value


def _row(obj: Any, columns: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in columns}


def _account(user: User) -> list[dict]:
    row = _row(user, ["id", "name", "email", "pending_email", "role", "function", "active", "created_at", "invited_at",
                      "password_set_at", "last_login_at", "deactivated_at", "deactivate_on", "erasure_requested_at", "erased_at",
                      "language", "totp_enabled_at"])
    row["organisation"] = user.organisation.name
    row["has_password"] = user.password_hash is not None  # the hash itself is never shown
    return [row]


def _sessions(user: User) -> list[dict]:
    """Where you are logged in; the token itself is never shown (only its hash is stored)."""
    found = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id))
    return [_row(s, ["id", "created_at", "last_seen_at", "ended_at"]) for s in found]


def _recovery_codes(user: User) -> list[dict]:
    found = db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id).order_by(RecoveryCode.id))
    return [_row(c, ["id", "used_at"]) for c in found]


def _groups(user: User) -> list[dict]:
    groups = db.session.scalars(select(Group).join(group_member).where(group_member.c.user_id == user.id)
                                .order_by(Group.name))
    return [_row(g, ["id", "name"]) for g in groups]


def _assignments(user: User) -> list[dict]:
    group_ids = select(group_member.c.group_id).where(group_member.c.user_id == user.id)
    found = db.session.scalars(select(Assignment).where(or_(
        Assignment.user_id == user.id, Assignment.group_id.in_(group_ids), Assignment.created_by_id == user.id))
        .order_by(Assignment.id))
    return [_row(a, ["id", "course_id", "user_id", "group_id", "deadline", "created_at", "created_by_id"]) for a in found]


def _reminders(user: User) -> list[dict]:
    found = db.session.scalars(select(Reminder).where(Reminder.user_id == user.id).order_by(Reminder.id))
    return [_row(r, ["id", "course_id", "kind", "deadline", "is_sent", "error", "created_at"]) for r in found]


def _enrollments(user: User) -> list[dict]:
    found = db.session.scalars(select(Enrollment).where(Enrollment.user_id == user.id).order_by(Enrollment.id))
    return [_row(e, ["id", "course_id", "version_id", "started_at", "completed_at", "round_started_at"]) for e in found]


def _lesson_progress(user: User) -> list[dict]:
    found = db.session.scalars(select(LessonProgress).join(Enrollment).where(Enrollment.user_id == user.id)
                               .order_by(LessonProgress.id))
    return [_row(p, ["id", "enrollment_id", "lesson_id", "completed_at"]) for p in found]


def _attempts(user: User) -> list[dict]:
    found = db.session.scalars(select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.id))
    return [_row(a, ["id", "lesson_id", "number", "started_at", "finished_at", "score", "passed", "ending"])
            for a in found]


def _answers(user: User) -> list[dict]:
    found = db.session.scalars(select(Answer).join(Attempt).where(Attempt.user_id == user.id).order_by(Answer.id))
    return [_row(a, ["id", "attempt_id", "step", "node", "choices", "correct", "points", "answered_at"]) for a in found]


def _grants(user: User) -> list[dict]:
    found = db.session.scalars(select(AttemptGrant).where(
        or_(AttemptGrant.user_id == user.id, AttemptGrant.granted_by_id == user.id)).order_by(AttemptGrant.id))
    return [_row(g, ["id", "user_id", "lesson_id", "attempts", "granted_by_id", "granted_at"]) for g in found]


def _certificates(user: User) -> list[dict]:
    found = db.session.scalars(select(Certificate).where(
        or_(Certificate.user_id == user.id, Certificate.revoked_by_id == user.id)).order_by(Certificate.id))
    return [_row(c, ["id", "code", "name", "course_title", "course_version", "organisation_name", "issued_at",
                     "expires_at", "revoked_at", "revoked_reason", "holder_erased_at"]) | {"holder": c.user_id == user.id}
            for c in found]


def _audit(user: User) -> list[dict]:
    found = db.session.scalars(select(AuditEntry).where(or_(
        AuditEntry.actor_id == user.id, (AuditEntry.target_type == "User") & (AuditEntry.target_id == user.id)))
        .order_by(AuditEntry.id))
    return [_row(e, ["id", "at", "action", "actor_name", "target_type", "target_id", "ip", "details"]) for e in found]


def _jobs(user: User) -> list[dict]:
    found = db.session.scalars(select(Job).where(Job.owner_id == user.id).order_by(Job.id))
    return [_row(j, ["id", "kind", "status", "created_at", "finished_at", "result"]) for j in found]


def _mail(user: User) -> list[dict]:
    """Messages to the person's address (the outbox holds addresses, not user ids). The body is left
    out: it may hold a sign-in link that still works."""
    addresses = [a for a in (user.email, user.pending_email) if a]
    found = db.session.scalars(select(OutboundEmail).where(OutboundEmail.to_address.in_(addresses))
                               .order_by(OutboundEmail.id))
    return [_row(m, ["id", "to_address", "subject", "kind", "status", "attempts", "created_at", "sent_at"])
            for m in found]


def _drafts(user: User) -> list[dict]:
    found = db.session.scalars(select(CourseDraft).where(CourseDraft.updated_by_id == user.id))
    return [_row(d, ["id", "course_id", "updated_at"]) for d in found]


def _publications(user: User) -> list[dict]:
    found = db.session.scalars(select(Publication).where(Publication.published_by_id == user.id))
    return [_row(p, ["id", "version_id", "published_at", "note", "source", "restored_from"]) for p in found]


def _turnovers(user: User) -> list[dict]:
    """Changes of council the person confirmed as griffier (the plan's names of others are left out)."""
    found = db.session.scalars(select(Turnover).where(Turnover.created_by_id == user.id).order_by(Turnover.id))
    return [_row(t, ["id", "installation_on", "status", "created_at", "finished_at"]) for t in found]


def _turnover_steps(user: User) -> list[dict]:
    found = db.session.scalars(select(TurnoverStep).where(TurnoverStep.user_id == user.id).order_by(TurnoverStep.id))
    return [_row(s, ["id", "turnover_id", "kind", "created_at"]) for s in found]


# table name -> (collector, Dutch heading for the readable version)
COLLECTORS: dict[str, tuple[Callable[[User], list[dict]], Any]] = {
    "user": (_account, _l("Je account")),
    "user_session": (_sessions, _l("Waar je bent ingelogd (sessies)")),
    "recovery_code": (_recovery_codes, _l("Herstelcodes voor tweestapsverificatie (alleen of ze gebruikt zijn)")),
    "group_member": (_groups, _l("Groepen waarin je zit")),
    "assignment": (_assignments, _l("Cursussen die aan je zijn toegewezen (of die je toewees)")),
    "reminder": (_reminders, _l("Herinneringen die we je mailden")),
    "enrollment": (_enrollments, _l("Cursussen die je volgt")),
    "lesson_progress": (_lesson_progress, _l("Lessen die je afrondde")),
    "attempt": (_attempts, _l("Pogingen bij toetsen en oefensituaties")),
    "answer": (_answers, _l("Je antwoorden")),
    "attempt_grant": (_grants, _l("Extra pogingen die je kreeg (of gaf)")),
    "certificate": (_certificates, _l("Certificaten")),
    "audit_entry": (_audit, _l("Logboek: wat je als medewerker deed, of wat er met je account gebeurde")),
    "course_draft": (_drafts, _l("Cursussen die je bewerkte")),
    "publication": (_publications, _l("Cursusversies die je publiceerde")),
    "job": (_jobs, _l("Taken die je liet uitvoeren (zoals een import of een ZIP)")),
    "outbound_email": (_mail, _l("E-mails die we je stuurden of nog sturen")),
    "turnover": (_turnovers, _l("Nieuwe zittingsperioden die je als griffier bevestigde")),
    "turnover_step": (_turnover_steps, _l("Wat een nieuwe zittingsperiode voor jou deed (uitnodiging, cursus, deactivering)")),
}
COVERED = set(COLLECTORS)


def personal_data(user: User) -> dict[str, list[dict]]:
    """Every row about this person, per table, as plain JSON-ready values."""
    return {table: collect(user) for table, (collect, _heading) in COLLECTORS.items()}


# Dutch names for the columns, for the readable download; the JSON keeps the column names.
FIELD_LABELS = {
    "id": _l("Nummer"), "name": _l("Naam"), "email": _l("E-mailadres"), "pending_email": _l("Nieuw e-mailadres, nog niet bevestigd"),
    "role": _l("Rol"), "function": _l("Functie"),
    "active": _l("Kan inloggen"), "created_at": _l("Aangemaakt op"), "invited_at": _l("Uitgenodigd op"),
    "password_set_at": _l("Wachtwoord gekozen op"), "last_login_at": _l("Laatst ingelogd"),
    "deactivated_at": _l("Gedeactiveerd op"), "deactivate_on": _l("Gedeactiveerd vanaf (gepland)"), "erasure_requested_at": _l("Verwijderen gevraagd op"),
    "erased_at": _l("Verwijderd op"), "organisation": _l("Organisatie"), "has_password": _l("Heeft een wachtwoord"),
    "course_id": _l("Cursusnummer"), "user_id": _l("Voor persoon (nummer)"), "group_id": _l("Voor groep (nummer)"),
    "deadline": _l("Deadline"), "created_by_id": _l("Toegewezen door (nummer)"), "kind": _l("Soort"),
    "is_sent": _l("Verstuurd"), "error": _l("Fout bij versturen"), "version_id": _l("Versie (nummer)"),
    "started_at": _l("Begonnen op"), "completed_at": _l("Afgerond op"),
    "round_started_at": _l("Opnieuw begonnen op"), "enrollment_id": _l("Cursus (nummer)"),
    "lesson_id": _l("Les (nummer)"), "number": _l("Poging"), "finished_at": _l("Klaar op"), "score": _l("Score"),
    "passed": _l("Gehaald"), "ending": _l("Einde"), "attempt_id": _l("Poging (nummer)"), "step": _l("Stap"),
    "node": _l("Vraag of situatie"), "choices": _l("Gekozen"), "correct": _l("Goed"), "points": _l("Punten"),
    "answered_at": _l("Beantwoord op"), "code": _l("Controlecode"), "course_title": _l("Training"),
    "course_version": _l("Versie"), "organisation_name": _l("Organisatie"), "issued_at": _l("Uitgereikt op"),
    "expires_at": _l("Geldig tot"), "revoked_at": _l("Ingetrokken op"), "revoked_reason": _l("Reden van intrekken"),
    "holder_erased_at": _l("Gegevens houder verwijderd op"), "holder": _l("Van jou"), "at": _l("Tijdstip"),
    "action": _l("Actie"), "actor_name": _l("Door"), "target_type": _l("Soort onderwerp"),
    "target_id": _l("Onderwerp (nummer)"), "ip": _l("IP-adres"), "details": _l("Details"),
    "updated_at": _l("Bewerkt op"), "published_at": _l("Gepubliceerd op"), "note": _l("Toelichting"),
    "source": _l("Bron"), "restored_from": _l("Teruggezet van versie"), "status": _l("Status"),
    "result": _l("Uitkomst"), "to_address": _l("Verstuurd aan"), "subject": _l("Onderwerp"), "attempts": _l("Pogingen"), "granted_by_id": _l("Gegeven door (nummer)"), "granted_at": _l("Gegeven op"),
    "sent_at": _l("Verstuurd op"), "language": _l("Taal"),
    "totp_enabled_at": _l("Tweestapsverificatie aangezet op"), "last_seen_at": _l("Laatst actief"),
    "ended_at": _l("Beëindigd op"), "used_at": _l("Gebruikt op"),
    "installation_on": _l("Installatie op"), "turnover_id": _l("Nieuwe zittingsperiode (nummer)"),
}


def field_labels() -> dict[str, str]:
    return {key: str(label) for key, label in FIELD_LABELS.items()}


def headings() -> dict[str, str]:
    return {table: str(heading) for table, (_collect, heading) in COLLECTORS.items()}
