"""Issuing, finding and revoking certificates. Services flush; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.catalogue import DEFAULT_LANGUAGE, translations
from app.certificates import codes
from app.certificates.models import Certificate, OrganisationCertificate
from app.certificates.pdf import CertificateData, render_certificate
from app.certificates.report import ReportData, ReportRow
from app.courses import version_cache
from app.courses.models import Course, CourseVersion
from app.courses.services import latest_version, newest_version_ids
from app.db_types import AMSTERDAM, local_day, utcnow
from app.extensions import db
from app.assignments.services import assigned_user_ids
from app.i18n import language_of, mail_language
from app.learn.models import Enrollment
from app.learn.services import may_take
from app.learn.signals import course_completed
from app.mail import send_email
from app.organisations.models import Organisation
from app.organisations.terms import TermDates, certificate_term, certificate_term_in, stored_terms, term_on
from app.urls import external_url

def expiry_for(version: CourseVersion, organisation: Organisation, issued_at: datetime) -> datetime | None:
    """The end of the day on which a certificate stops being valid, or None when it does not expire."""
    if version.validity_months:
        day = local_day(issued_at) + relativedelta(months=version.validity_months)
    elif version.valid_for_term:
        day = certificate_term(organisation, local_day(issued_at)).ends_on
    else:
        return None
    return datetime.combine(day, time(23, 59, 59), AMSTERDAM).astimezone(UTC)


def issue_certificate(enrollment: Enrollment) -> Certificate:
    """The member's certificate for the completed course version: made once, returned ever after.
    A round taken again (see app.learn.retake) renews the certificate that ran out instead, like the refresher.

    Name, course and organisation are copied in, so the certificate stays exactly as issued. The
    PDF is rendered from them on its first download (see stored_pdf), not in the completing request.
    """
    if enrollment.round_started_at is not None:  # the course taken again after the certificate ran out
        old = _round_renews(enrollment)
        if old is not None:
            return renew(old, enrollment.version, enrollment.completed_at or utcnow())
    existing = find_for(enrollment.user_id, enrollment.version_id)
    if existing is not None:
        return existing
    user, version = enrollment.user, enrollment.version
    organisation = user.organisation
    issued_at = utcnow()
    code = codes.new_code()
    certificate = Certificate(
        code=code, user_id=user.id, organisation_id=organisation.id, course_id=version.course_id,
        version_id=version.id, name=user.name, course_title=version.title, course_version=version.number,
        organisation_name=organisation.name, issued_at=issued_at,
        expires_at=expiry_for(version, organisation, issued_at), language=language_of(user), pdf=b"",
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:  # another request completed the course at the same moment
        existing = find_for(enrollment.user_id, enrollment.version_id)
        if existing is None:
            raise
        return existing
    return certificate


def renew(old: Certificate, version: CourseVersion, now: datetime) -> Certificate:
    """The certificate that renews `old`, for `version`: made once, returned ever after.

    Its validity is computed as for any certificate (expiry_for), counted from the day after the old
    one ends when the member renews early, so renewing in good time costs no days.
    """
    existing = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    if existing is not None:
        return existing
    user = old.user
    organisation = user.organisation
    basis = max(now, old.expires_at + timedelta(seconds=1)) if old.expires_at else now
    certificate = Certificate(
        code=codes.new_code(), user_id=user.id, organisation_id=organisation.id, course_id=version.course_id,
        version_id=version.id, name=user.name, course_title=version.title, course_version=version.number,
        organisation_name=organisation.name, issued_at=now, expires_at=expiry_for(version, organisation, basis),
        language=language_of(user), pdf=b"", renews_id=old.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:  # the last two steps passed in two tabs at the same moment
        existing = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
        if existing is None:
            raise
        return existing
    return certificate


def _round_renews(enrollment: Enrollment) -> Certificate | None:
    """The certificate a retaken round renews: the member's newest one from before the round began
    (a revoked one only when nothing else is left)."""
    earlier = db.session.scalars(select(Certificate).where(
        Certificate.user_id == enrollment.user_id, Certificate.course_id == enrollment.course_id,
        Certificate.issued_at < enrollment.round_started_at).order_by(Certificate.issued_at, Certificate.id)).all()
    kept = [c for c in earlier if c.revoked_at is None] or earlier
    return kept[-1] if kept else None


def pdf_data(certificate: Certificate) -> CertificateData:
    return CertificateData(
        name=certificate.name, course_title=certificate.course_title, course_version=certificate.course_version,
        organisation=certificate.organisation_name, issued_on=local_day(certificate.issued_at),
        expires_on=local_day(certificate.expires_at) if certificate.expires_at else None,
        code=certificate.code, verify_url=verify_url(certificate.code),
        language=certificate.language or DEFAULT_LANGUAGE,
        revoked_on=local_day(certificate.revoked_at) if certificate.revoked_at else None,
        reissued_on=local_day(certificate.reissued_at) if certificate.reissued_at else None,
    )


def pdf_bytes(certificate: Certificate) -> bytes:
    """The PDF to hand out: as stored, or, once revoked, rendered again with INGETROKKEN and the date
    across it, so no copy of a revoked certificate looks valid (owner, griffie and ZIP alike)."""
    if certificate.holder_erased_at is not None:  # callers refuse first; never render the erased holder
        raise ValueError("holder erased")
    if certificate.revoked_at is None:
        return stored_pdf(certificate)
    return render_certificate(pdf_data(certificate))


def stored_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF as kept; rendered and kept (flushed) the first time it is asked for.
    Two first downloads at once write the same bytes: the same data renders the same PDF."""
    if not certificate.pdf:
        certificate.pdf = render_certificate(pdf_data(certificate))
        db.session.flush()
    return certificate.pdf


def reissue(certificate: Certificate) -> None:
    """A new PDF with the holder's current name (after the griffie corrected it), same code and
    issue date. A revoked certificate stays revoked and is not reissued."""
    if certificate.revoked_at is not None:
        raise ValueError("revoked")
    if certificate.holder_erased_at is not None:
        raise ValueError("holder erased")  # the name went with the holder's data; never print the placeholder
    certificate.name = certificate.user.name
    certificate.reissued_at = utcnow()
    certificate.pdf = render_certificate(pdf_data(certificate))
    db.session.flush()


def verify_url(code: str) -> str:
    return external_url("certificates.verify_code", code=code)


def find_for(user_id: int, version_id: int) -> Certificate | None:
    """The certificate earned by completing the version (not a renewal through its refresher)."""
    return db.session.scalar(select(Certificate).where(
        Certificate.user_id == user_id, Certificate.version_id == version_id, Certificate.renews_id.is_(None)))


def find_by_code(typed: str) -> Certificate | None:
    code = codes.normalise(typed)
    return db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None


def certificates_of(user_id: int, with_renewals: bool = False) -> list[Certificate]:
    """The member's certificates, newest first; with_renewals loads what each renews or was renewed by."""
    query = select(Certificate).where(Certificate.user_id == user_id).order_by(Certificate.issued_at.desc())
    if with_renewals:
        query = query.options(selectinload(Certificate.renews), selectinload(Certificate.renewed_by))
    return list(db.session.scalars(query))


def revoke(certificate: Certificate, by: User, reason: str) -> None:
    """The verification page says 'ingetrokken' from now on; the record and PDF stay."""
    if certificate.revoked_at is None:
        certificate.revoked_at = utcnow()
        certificate.revoked_reason = reason.strip()
        certificate.revoked_by_id = by.id
        db.session.flush()


@dataclass
class CertificateFilter:
    course_id: int | None = None
    issued_from: date | None = None
    issued_until: date | None = None
    include_revoked: bool = False  # revoked ones are left out unless asked for


def organisation_certificates(organisation_id: int, chosen: CertificateFilter) -> Select[tuple[Certificate]]:
    """The organisation's certificates, newest first, filtered by course and date of issue (Dutch days);
    revoked ones only when the filter includes them. The list page and the ZIP (also as a job) call this."""
    query = select(Certificate).where(Certificate.organisation_id == organisation_id)
    if not chosen.include_revoked:
        query = query.where(Certificate.revoked_at.is_(None))
    if chosen.course_id:
        query = query.where(Certificate.course_id == chosen.course_id)
    if chosen.issued_from:
        query = query.where(Certificate.issued_at >= _start_of(chosen.issued_from))
    if chosen.issued_until:
        query = query.where(Certificate.issued_at < _start_of(chosen.issued_until + timedelta(days=1)))
    return query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), AMSTERDAM).astimezone(UTC)


def due_for_expiry_reminder(now: datetime, days: int) -> list[Certificate]:
    """Valid certificates that expire within `days`, not renewed yet, whose member was not reminded yet
    and is still active today (a leaver past the scheduled deactivation day gets no mail)."""
    return list(db.session.scalars(
        select(Certificate).join(User, User.id == Certificate.user_id)
        .join(Organisation, Organisation.id == User.organisation_id).where(Organisation.active.is_(True))
        .where(Certificate.revoked_at.is_(None), Certificate.expiry_reminded_at.is_(None),
               Certificate.expires_at.is_not(None), Certificate.expires_at > now,
               Certificate.expires_at <= now + timedelta(days=days), User.active_clause(local_day(now)),
               ~Certificate.renewed_by.has())
        .options(selectinload(Certificate.user))
    ))


def refresher_window(certificate: Certificate, version: version_cache.VersionInfo) -> tuple[datetime, datetime] | None:
    """When the refresher of `version` is open to renew `certificate`; None when it cannot renew it."""
    if certificate.expires_at is None or version.refresher_before_days is None:
        return None
    return (certificate.expires_at - timedelta(days=version.refresher_before_days),
            certificate.expires_at + timedelta(days=version.refresher_after_days or 0))


def send_expiry_reminders(now: datetime, days: int) -> tuple[int, list[str]]:
    """Email each member once before a certificate expires. Returns (sent, failures).

    When the course has a refresher the message links to it (or, before its window opens, names the
    day it opens and links to the course). The message goes to the outbox in the caller's transaction,
    which sends it after the commit and retries it when the mail server fails; the mark and the
    message are committed together.
    """
    sent, failures = 0, []
    due = due_for_expiry_reminder(now, days)
    versions = newest_version_ids(c.course_id for c in due)
    slugs = dict(db.session.execute(select(Course.id, Course.slug).where(Course.id.in_(versions))).all())
    for certificate in due:
        version = version_cache.version(versions[certificate.course_id]) if certificate.course_id in versions else None
        with force_locale(mail_language(certificate.user)):
            subject, body = _("Je certificaat verloopt binnenkort"), _reminder_body(
                certificate, version, slugs.get(certificate.course_id), now)
        try:
            send_email(certificate.user.email, subject, body)
        except OSError as exc:  # smtplib errors are OSErrors: report, keep it for the next run
            failures.append(f"{certificate.code}: {exc}")
            continue
        certificate.expiry_reminded_at = now
        db.session.flush()
        sent += 1
    return sent, failures


def members_in_term(organisation: Organisation, term: TermDates, day: date) -> list[User]:
    """The office holders of the organisation's council in `term`, as they were on `day` (the term's
    last day, or today for the running term): their account existed and was not deactivated yet.
    Someone invited after the next election trains for the coming term (as certificates do), so they
    count from that term on; someone deactivated on the installation day left with the old council."""
    after = _start_of(day + timedelta(days=1))
    found = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == Role.MEMBER,
                           User.erased_at.is_(None), User.created_at < after,
                           or_(and_(User.active.is_(True), User.deactivated_at.is_(None)),
                               User.deactivated_at >= after),
                           # a leaver of the turnover is gone from the day set, before the daily command makes it final
                           or_(User.deactivate_on.is_(None), User.deactivate_on > day))
        .order_by(User.name)).all()
    terms = stored_terms(organisation.id)
    return [m for m in found
            if certificate_term_in(terms, organisation.kind, local_day(m.created_at)).starts_on <= term.starts_on]


def _reminder_body(certificate: Certificate, version, course_slug: str | None, now: datetime) -> str:
    values = dict(name=certificate.user.name, course=certificate.course_title,
                  date=local_day(certificate.expires_at).strftime("%d-%m-%Y"), verify=verify_url(certificate.code))
    span = refresher_window(certificate, version) if version and course_slug else None
    refresher = version_cache.outline(version.id).refresher if span else None
    if refresher is None or not refresher.lessons:
        return _("Beste %(name)s,\n\nJe certificaat voor de training „%(course)s” is geldig tot %(date)s.\n"
                 "Wil je dat het geldig blijft? Doe de training dan opnieuw via Weerbaar Leren:\n%(link)s\n\n"
                 "Je certificaat controleren: %(verify)s\n", link=external_url("learn.dashboard"), **values)
    if span[0] <= now:
        first = refresher.lessons[0]
        return _("Beste %(name)s,\n\nJe certificaat voor de training „%(course)s” is geldig tot %(date)s.\n"
                 "Je hoeft niet de hele training opnieuw te doen. Met een korte opfriscursus vernieuw je je "
                 "certificaat:\n%(link)s\n\nJe certificaat controleren: %(verify)s\n",
                 link=external_url("learn.lesson", course_slug=course_slug, module_slug=refresher.slug,
                                   lesson_slug=first.slug), **values)
    return _("Beste %(name)s,\n\nJe certificaat voor de training „%(course)s” is geldig tot %(date)s.\n"
             "Je hoeft niet de hele training opnieuw te doen. Vanaf %(opens)s vernieuw je je certificaat met een "
             "korte opfriscursus:\n%(link)s\n\nJe certificaat controleren: %(verify)s\n",
             opens=local_day(span[0]).strftime("%d-%m-%Y"),
             link=external_url("learn.course", course_slug=course_slug), **values)


def report_day(term: TermDates, now: datetime) -> date:
    """The day a report on `term` describes: its last day once it is over, else today."""
    return min(term.ends_on, local_day(now))


def report_for(organisation: Organisation, course_id: int, now: datetime, term: TermDates | None = None) -> ReportData:
    """Who of the organisation's council in `term` (default: the running one) should take the course,
    and who completed it for that term.

    'Should take' is every member in the term whose function the course is meant for; when the griffie
    assigned the course to anyone (its own choice), the assigned members take over this rule. A
    completion counts from the election that opened the term up to the report's day; one from before
    counts when its certificate was still valid on the term's first day (a course without an end date,
    say), not when it ended with the previous term.
    """
    course = db.session.get(Course, course_id)
    version = latest_version(course) if course else None
    if version is None:
        raise LookupError(course_id)
    term = term or term_on(organisation, local_day(now))
    day = report_day(term, now)
    members = members_in_term(organisation, term, day)
    assigned = assigned_user_ids(organisation.id, course_id)
    members = [m for m in members if m.id in assigned] if assigned else [m for m in members if may_take(m, version)]
    ids = [m.id for m in members]
    opens, after = _start_of(term.opens_on), _start_of(day + timedelta(days=1))
    completed = dict(db.session.execute(
        select(Enrollment.user_id, Enrollment.completed_at)
        .where(Enrollment.course_id == course_id, Enrollment.user_id.in_(ids), Enrollment.completed_at >= opens,
               Enrollment.completed_at < after)).all())
    issued = db.session.scalars(select(Certificate).where(
        Certificate.course_id == course_id, Certificate.user_id.in_(ids), Certificate.issued_at < after)
        .order_by(Certificate.issued_at)).all()
    certificates = {c.user_id: c for c in issued}  # the last one issued by the report's day wins
    for certificate in issued:  # a member who took the course again since: the certificate keeps the completion
        if certificate.issued_at >= opens:
            completed.setdefault(certificate.user_id, certificate.issued_at)
    first_day = _start_of(term.starts_on)
    for user_id, certificate in certificates.items():
        carried = (certificate.issued_at < opens and certificate.revoked_at is None
                   and (certificate.expires_at is None or certificate.expires_at >= first_day))
        if user_id not in completed and carried:
            completed[user_id] = certificate.issued_at
    words = {"valid": _("geldig"), "expired": _("verlopen"), "revoked": _("ingetrokken")}
    rows = [
        ReportRow(name=m.name, function=m.function.label if m.function else "",
                  completed_on=local_day(completed[m.id]) if m.id in completed else None,
                  certificate=words[certificates[m.id].status(now)] if m.id in certificates else "")
        for m in members
    ]
    return ReportData(organisation=organisation.name, course_title=version.title, generated_on=local_day(now),
                      rows=rows, term_years=term.years, term_starts_on=term.starts_on, term_ends_on=term.ends_on,
                      members_on=day)


def issue_organisation_certificate_if_complete(organisation: Organisation, course_id: int) -> OrganisationCertificate | None:
    """Once every member of the running term's council the course is meant for has completed it, the
    organisation gets its certificate for that term (once per term)."""
    now = utcnow()
    term = term_on(organisation, local_day(now))
    existing = find_organisation_certificate(organisation.id, course_id, term)
    if existing is not None:
        return existing
    report = report_for(organisation, course_id, now, term)
    if not report.rows or report.completed < len(report.rows):
        return None
    version = latest_version(db.session.get(Course, course_id))
    code = codes.new_code()
    certificate = OrganisationCertificate(
        code=code, organisation_id=organisation.id, course_id=course_id, organisation_name=organisation.name,
        course_title=version.title, course_version=version.number, member_count=len(report.rows), issued_at=now,
        term_starts_on=term.starts_on, term_ends_on=term.ends_on,
        pdf=b"",  # rendered on its first download
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return find_organisation_certificate(organisation.id, course_id, term)
    return certificate


def organisation_pdf(certificate: OrganisationCertificate) -> bytes:
    """The organisation certificate's PDF, rendered and kept (flushed) on first use."""
    if not certificate.pdf:
        catalogue = translations(DEFAULT_LANGUAGE)
        term = TermDates(None, certificate.term_starts_on, certificate.term_ends_on)
        certificate.pdf = render_certificate(CertificateData(
            name=certificate.organisation_name, course_title=certificate.course_title,
            course_version=certificate.course_version,
            # In the organisation's language, Dutch: it is for the council, not for one member.
            organisation=catalogue.ngettext(
                "het enige lid voor wie de training bedoeld is", "alle %(num)d leden voor wie de training bedoeld is",
                certificate.member_count) % {"num": certificate.member_count},
            term=term.years,
            issued_on=local_day(certificate.issued_at), expires_on=None, code=certificate.code,
            verify_url=verify_url(certificate.code), language=DEFAULT_LANGUAGE,
        ))
        db.session.flush()
    return certificate.pdf


def find_organisation_certificate(organisation_id: int, course_id: int,
                                  term: TermDates) -> OrganisationCertificate | None:
    """The certificate earned in `term`: issued within it (so a later change of the term's dates finds it still)."""
    return db.session.scalar(select(OrganisationCertificate).where(
        OrganisationCertificate.organisation_id == organisation_id, OrganisationCertificate.course_id == course_id,
        OrganisationCertificate.issued_at >= _start_of(term.starts_on),
        OrganisationCertificate.issued_at < _start_of(term.ends_on + timedelta(days=1)))
        .order_by(OrganisationCertificate.issued_at).limit(1))


def organisation_certificates_in(organisation_id: int, term: TermDates) -> dict[int, OrganisationCertificate]:
    """Per course, the organisation certificate earned in `term`: one query for the reports page."""
    found = db.session.scalars(select(OrganisationCertificate).where(
        OrganisationCertificate.organisation_id == organisation_id,
        OrganisationCertificate.issued_at >= _start_of(term.starts_on),
        OrganisationCertificate.issued_at < _start_of(term.ends_on + timedelta(days=1)))
        .order_by(OrganisationCertificate.issued_at.desc()))
    return {c.course_id: c for c in found}


def find_organisation_certificate_by_code(typed: str) -> OrganisationCertificate | None:
    code = codes.normalise(typed)
    return db.session.scalar(select(OrganisationCertificate).where(OrganisationCertificate.code == code)) if code else None


@course_completed.connect
def _on_course_completed(enrollment: Enrollment, **_extra) -> None:
    """A completed course earns a certificate; the organisation's is checked after the commit
    (app/certificates/organisation_check.py)."""
    issue_certificate(enrollment)
