"""Reading the audit trail: filter by period and person, scoped to one organisation or all."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.certificates.services import AMSTERDAM
from app.extensions import db

# What each action means, for the page and the export; an action without a label shows its code.
ACTION_LABELS = {
    "member.invited": _l("Lid uitgenodigd"),
    "member.invitation_resent": _l("Uitnodiging opnieuw verstuurd"),
    "member.deactivated": _l("Lid gedeactiveerd"),
    "member.reactivated": _l("Lid weer geactiveerd"),
    "member.deactivation_scheduled": _l("Deactivering gepland (nieuwe zittingsperiode)"),
    "member.deactivation_cancelled": _l("Geplande deactivering ingetrokken"),
    "turnover.confirmed": _l("Nieuwe zittingsperiode bevestigd"),
    "turnover.restarted": _l("Nieuwe zittingsperiode opnieuw gestart"),
    "turnover.finished": _l("Nieuwe zittingsperiode uitgevoerd"),
    "user.invited": _l("Account uitgenodigd"),
    "assignment.created": _l("Cursus toegewezen"),
    "assignment.deleted": _l("Toewijzing verwijderd"),
    "group.created": _l("Groep gemaakt"),
    "group.members_changed": _l("Leden van groep gewijzigd"),
    "group.deleted": _l("Groep verwijderd"),
    "certificate.revoked": _l("Certificaat ingetrokken"),
    "course.published": _l("Cursusversie gepubliceerd"),
    "course.rolled_back": _l("Oude cursusversie teruggezet"),
    "course.imported": _l("Cursus geïmporteerd uit ZIP"),
    "overview.exported": _l("Overzicht gedownload"),
    "attempts.reset": _l("Nieuwe pogingen gegeven"),
    "certificates.zip_requested": _l("ZIP met certificaten gevraagd"),
    "course.import_started": _l("Import van cursus-ZIP gestart"),
    "members.import_started": _l("Import van leden gestart"),
    "reminders.started": _l("Herinneringen versturen gestart"),
    "assignment.deadline_changed": _l("Deadline gewijzigd"),
    "certificate.reissued": _l("Certificaat opnieuw uitgereikt"),
    "member.edited": _l("Lid gewijzigd"),
    "member.invitations_resent": _l("Uitnodigingen opnieuw verstuurd"),
    "organisation.activated": _l("Organisatie weer actief"),
    "organisation.deactivated": _l("Organisatie gedeactiveerd"),
    "organisation.removed": _l("Organisatie verwijderd"),
    "organisation.renamed": _l("Organisatie hernoemd"),
    "user.activated": _l("Account weer actief"),
    "user.deactivated": _l("Account gedeactiveerd"),
    "user.edited": _l("Account gewijzigd"),
    "user.email_confirmed": _l("Nieuw e-mailadres bevestigd"),
    "user.invitation_resent": _l("Uitnodiging opnieuw verstuurd"),
    "audit.exported": _l("Logboek gedownload"),
    "term.added": _l("Zittingsperiode toegevoegd"),
    "term.changed": _l("Zittingsperiode gewijzigd"),
    "term.removed": _l("Zittingsperiode verwijderd"),
    "term.merger_added": _l("Herindeling toegevoegd"),
    "certificates.expiry_moved": _l("Laatste dag van certificaten verschoven"),
    "privacy.erasure_requested": _l("Verwijderen van gegevens gevraagd"),
    "privacy.erasure_withdrawn": _l("Verzoek om verwijderen ingetrokken"),
    "privacy.erased": _l("Gegevens verwijderd"),
    "privacy.exported": _l("Eigen gegevens gedownload"),
    "privacy.retention": _l("Bewaartermijnen toegepast"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


@dataclass(frozen=True)
class AuditFilter:
    organisation_id: int | None = None  # None: every organisation (the administrator)
    date_from: date | None = None
    date_until: date | None = None
    person_id: int | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, AMSTERDAM)


def entries(chosen: AuditFilter) -> Select[tuple[AuditEntry]]:
    """Newest first. Days are Dutch calendar days; a person matches as actor or as the account acted on."""
    query = select(AuditEntry)
    if chosen.organisation_id is not None:
        query = query.where(AuditEntry.organisation_id == chosen.organisation_id)
    if chosen.date_from:
        query = query.where(AuditEntry.at >= _start_of(chosen.date_from))
    if chosen.date_until:
        query = query.where(AuditEntry.at < _start_of(chosen.date_until + timedelta(days=1)))
    if chosen.person_id:
        query = query.where(or_(AuditEntry.actor_id == chosen.person_id,
                                and_(AuditEntry.target_type == "User", AuditEntry.target_id == chosen.person_id)))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def people(organisation_id: int | None) -> list[tuple[int, str]]:
    """Everyone who acted, or whose account was acted on, in the (organisation's) trail: (id, name) for the filter."""
    scope = [AuditEntry.organisation_id == organisation_id] if organisation_id is not None else []
    actors = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None), *scope)
    targets = select(AuditEntry.target_id).where(AuditEntry.target_type == "User", *scope)
    query = select(User.id, User.name).where(or_(User.id.in_(actors), User.id.in_(targets)))
    return sorted(((i, n) for i, n in db.session.execute(query).all()), key=lambda row: row[1].casefold())


def target_names(page_entries: list[AuditEntry]) -> dict[int, str]:
    """Names of the accounts acted on, in one query for the whole page."""
    ids = {e.target_id for e in page_entries if e.target_type == "User" and e.target_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def describe_target(entry: AuditEntry, names: dict[int, str]) -> str:
    if entry.target_type == "User" and entry.target_id in names:
        return names[entry.target_id]
    if entry.target_type:
        return f"{entry.target_type} {entry.target_id}"
    return ""


def export_rows(chosen: AuditFilter) -> tuple[list[str], list[list[object]]]:
    """Header and rows for the CSV, all pages at once."""
    found = list(db.session.scalars(entries(chosen)))
    names = target_names(found)
    header = [_("Tijdstip"), _("Actie"), _("Code"), _("Door"), _("Onderwerp"), _("Organisatie-id"), _("IP-adres"),
              _("Details")]
    rows = [[local_moment(e.at), action_label(e.action), e.action, e.actor_name, describe_target(e, names),
             e.organisation_id or "", e.ip or "", _details_text(e.details)] for e in found]
    return header, rows


def local_moment(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S")


def _details_text(details: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in sorted((details or {}).items()))

