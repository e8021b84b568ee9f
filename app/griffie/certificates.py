"""The griffie's certificates: list, filter, revoke, download one or many, and the report."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import jobs
from app.audit.services import record_request
from app.auth.models import Role
from app.certificates import services
from app.certificates.models import Certificate
from app.certificates.routes import pdf_response
from app.db_types import local_day, utcnow
from app.extensions import db
from app.griffie.forms import CertificateFilterForm, ReportTermForm, RevokeForm
from app.griffie.routes import bp
from app.i18n import date_nl
from app.organisations.terms import TermDates, next_term, terms_to_report
from app.permissions import roles_required
from app.tenancy import current_organisation_id, get_scoped_or_404

PER_PAGE = 50


def _scoped_certificate_or_404(certificate_id: int) -> Certificate:
    return get_scoped_or_404(Certificate, certificate_id)


def _filter_form() -> tuple[CertificateFilterForm, services.CertificateFilter]:
    form = CertificateFilterForm(request.args)
    titles = db.session.execute(
        select(Certificate.course_id, func.max(Certificate.course_title))
        .where(Certificate.organisation_id == current_organisation_id()).group_by(Certificate.course_id)
    ).all()
    form.cursus.choices = [(0, _("Alle cursussen"))] + [(course_id, title) for course_id, title in titles]
    chosen = services.CertificateFilter()
    if form.validate():
        chosen = services.CertificateFilter(form.cursus.data or None, form.van.data, form.tot.data,
                                            bool(form.ingetrokken.data))
    return form, chosen


def _filter_args(chosen: services.CertificateFilter) -> dict[str, str]:
    args = {}
    if chosen.course_id:
        args["cursus"] = str(chosen.course_id)
    if chosen.issued_from:
        args["van"] = chosen.issued_from.isoformat()
    if chosen.issued_until:
        args["tot"] = chosen.issued_until.isoformat()
    if chosen.include_revoked:
        args["ingetrokken"] = "y"
    return args


@bp.get("/certificaten")
@roles_required(Role.GRIFFIER)
def certificates():
    form, chosen = _filter_form()
    # The list shows revoked certificates with their status; the checkbox decides only the ZIP.
    listed = replace(chosen, include_revoked=True)
    query = services.organisation_certificates(current_organisation_id(), listed).options(
        selectinload(Certificate.user),  # the name now, to offer a reissue after a correction
        selectinload(Certificate.renews), selectinload(Certificate.renewed_by))
    page = db.paginate(query, per_page=PER_PAGE)
    in_zip = db.session.scalar(services.organisation_certificates(current_organisation_id(), chosen)
                               .with_only_columns(func.count()).order_by(None))
    return render_template("griffie/certificates.html", form=form, page=page, now=utcnow(), in_zip=in_zip,
                           filter_args=_filter_args(chosen))


@bp.get("/certificaten/<int:certificate_id>.pdf")
@roles_required(Role.GRIFFIER)
def certificate_pdf(certificate_id: int):
    certificate = _scoped_certificate_or_404(certificate_id)
    if certificate.holder_erased_at is not None:
        abort(404)  # the PDF went with the holder's data
    return pdf_response(certificate)


@bp.route("/certificaten/<int:certificate_id>/intrekken", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def revoke_certificate(certificate_id: int):
    certificate = _scoped_certificate_or_404(certificate_id)
    form = RevokeForm()
    if certificate.revoked_at is None and form.validate_on_submit():
        services.revoke(certificate, current_user, form.reason.data)
        record_request("certificate.revoked", organisation_id=certificate.organisation_id, target=certificate,
                       details={"code": certificate.code, "user_id": certificate.user_id})
        db.session.commit()
        flash(_("Het certificaat van %(name)s is ingetrokken.", name=certificate.name), "success")
        return redirect(url_for("griffie.certificates"))
    return render_template("griffie/revoke.html", form=form, certificate=certificate)


@bp.post("/certificaten/<int:certificate_id>/opnieuw-uitreiken")
@roles_required(Role.GRIFFIER)
def reissue_certificate(certificate_id: int):
    certificate = _scoped_certificate_or_404(certificate_id)
    if certificate.revoked_at is not None:
        flash(_("Dit certificaat is ingetrokken en kan niet opnieuw worden uitgereikt."), "error")
    elif certificate.holder_erased_at is not None:
        flash(_("De gegevens van de houder zijn verwijderd; dit certificaat kan niet opnieuw worden uitgereikt."),
              "error")
        return redirect(url_for("griffie.certificates"))
    else:
        old = certificate.name
        services.reissue(certificate)
        record_request("certificate.reissued", organisation_id=certificate.organisation_id, target=certificate,
                       details={"code": certificate.code, "old_name": old, "new_name": certificate.name})
        db.session.commit()
        flash(_("Het certificaat %(code)s is opnieuw uitgereikt op naam van %(name)s. De code blijft hetzelfde.",
                code=certificate.code, name=certificate.name), "success")
    return redirect(url_for("griffie.member", user_id=certificate.user_id) + "#certificaten")


@bp.post("/certificaten/zip")
@roles_required(Role.GRIFFIER)
def certificates_zip():
    """All PDFs of the filter in one ZIP, made by a background job (up to hundreds of PDFs); the
    job's page offers the download when it is ready."""
    _form, chosen = _filter_form()
    count = db.session.scalar(services.organisation_certificates(current_organisation_id(), chosen)
                              .where(Certificate.holder_erased_at.is_(None))
                              .with_only_columns(func.count()).order_by(None))
    if not count:
        flash(_("Er zijn geen certificaten die bij dit filter passen."), "info")
        return redirect(url_for("griffie.certificates", **_filter_args(chosen)))
    job = jobs.start("certificates_zip", owner=current_user, organisation_id=current_organisation_id(),
                     params=_filter_args(chosen), total=count)
    record_request("certificates.zip_requested", organisation_id=current_organisation_id(), target=job,
                   details={"count": count, **_filter_args(chosen)})
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))


def zip_certificates(organisation_id: int, chosen: services.CertificateFilter,
                     progress: Callable[[int], None]) -> bytes:
    """The PDFs stored (not compressed again: PDFs are compressed already), one read at a time."""
    rows = db.session.execute(services.organisation_certificates(organisation_id, chosen)
                              .where(Certificate.holder_erased_at.is_(None))  # their PDF went with their data
                              .with_only_columns(Certificate.id, Certificate.name, Certificate.code,
                                                 Certificate.revoked_at)).all()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, (certificate_id, name, code, revoked_at) in enumerate(rows, start=1):
            if revoked_at is None:
                body = db.session.scalar(select(Certificate.pdf).where(Certificate.id == certificate_id))
                if not body:  # never downloaded yet: rendered now and kept (see services.stored_pdf)
                    body = services.stored_pdf(db.session.get(Certificate, certificate_id))
                archive.writestr(f"{_safe(name)}-{code}.pdf", body)
            else:  # only when the filter asks for them: marked INGETROKKEN, rendered now
                archive.writestr(f"{_safe(name)}-{code}-ingetrokken.pdf",
                                 services.pdf_bytes(db.session.get(Certificate, certificate_id)))
            if number % 25 == 0 or number == len(rows):
                progress(number)
    return buffer.getvalue()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")[:60] or "certificaat"


def _term_choice(value: str | None) -> TermDates | None:
    """The term named by its first day (?periode=2026-04-01), the running one when none is named, None
    when the name is not one of this organisation's terms to report on."""
    terms = terms_to_report(current_user.organisation, local_day(utcnow()))
    if not value:
        return terms[0]
    return next((term for term in terms if term.starts_on.isoformat() == value), None)


def _term_or_404() -> TermDates:
    term = _term_choice(request.args.get("periode"))
    if term is None:
        abort(404)
    return term


@bp.get("/rapporten")
@roles_required(Role.GRIFFIER)
def reports():
    from app.learn.services import current_versions

    organisation = current_user.organisation
    today = local_day(utcnow())
    terms = terms_to_report(organisation, today)
    form = ReportTermForm(request.args)
    form.periode.choices = [(t.starts_on.isoformat(), _term_label(t)) for t in terms]
    term = terms[0]
    if form.validate() and form.periode.data:
        term = _term_choice(form.periode.data)
    else:
        form.periode.data = term.starts_on.isoformat()
    issued = services.organisation_certificates_in(organisation.id, term)
    return render_template("griffie/reports.html", versions=current_versions(), issued=issued, form=form, term=term,
                           current=terms[0], following=next_term(organisation, today),
                           term_args={"periode": term.starts_on.isoformat()} if term != terms[0] else {})


def _term_label(term: TermDates) -> str:
    return _("%(years)s: %(start)s tot en met %(end)s", years=term.years, start=date_nl(term.starts_on),
             end=date_nl(term.ends_on))


@bp.get("/rapporten/<int:course_id>/organisatiecertificaat.pdf")
@roles_required(Role.GRIFFIER)
def organisation_certificate_pdf(course_id: int):
    certificate = services.find_organisation_certificate(current_organisation_id(), course_id, _term_or_404())
    if certificate is None:
        abort(404)
    body = services.organisation_pdf(certificate)
    db.session.commit()  # a first download keeps what it rendered
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="organisatiecertificaat-{certificate.code}.pdf"'})


@bp.get("/rapporten/<int:course_id>.pdf")
@roles_required(Role.GRIFFIER)
def report_pdf(course_id: int):
    from app.certificates.report import render_report
    from app.i18n import current_language

    term = _term_or_404()
    try:
        data = services.report_for(current_user.organisation, course_id, utcnow(), term)
    except LookupError:
        abort(404)
    filename = f"rapport-{_safe(data.course_title)}-{_safe(term.years)}-{utcnow():%Y%m%d}.pdf"
    return Response(render_report(data, current_language()), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
