"""Mijn certificaten (login) and the public verification pages (no login, rate-limited)."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

import app.certificates.renewal  # noqa: F401 - registers the refresher offer with learn and its signal
import app.certificates.retake  # noqa: F401 - registers who may take a course again with learn
import app.certificates.organisation_check  # noqa: F401 - checks the organisation certificate after a completion
from app.certificates import services
from app.certificates.forms import VerifyForm
from app.certificates.models import Certificate
from app.db_types import utcnow
from app.extensions import db, limiter

bp = Blueprint("certificates", __name__)
log = logging.getLogger(__name__)


def _verify_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.get("/certificaten")
@login_required
def mine():
    return render_template("certificates/mine.html",
                           certificates=services.certificates_of(current_user.id, with_renewals=True),
                           now=utcnow())


@bp.get("/resultaten")
@login_required
def results():
    """The learner's own transcript; printable. Only the logged-in user's attempts, never anyone else's."""
    from app.quizzes.results import results_of

    return render_template("certificates/results.html", courses=results_of(current_user),
                           certificates=services.certificates_of(current_user.id), now=utcnow())


@bp.get("/certificaten/<int:certificate_id>.pdf")
@login_required
def pdf(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.user_id != current_user.id:
        abort(404)
    return pdf_response(certificate)


def pdf_response(certificate: Certificate) -> Response:
    filename = f"certificaat-{certificate.code}{'-ingetrokken' if certificate.revoked_at else ''}.pdf"
    body = services.pdf_bytes(certificate)
    db.session.commit()  # a first download keeps what it rendered
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(_verify_limit)
def verify():
    form = VerifyForm()
    if form.validate_on_submit():
        return redirect(url_for("certificates.verify_code", code=form.code.data.strip()))
    return render_template("certificates/verify.html", form=form)


@bp.get("/verify/<code>")
@limiter.limit(_verify_limit)
def verify_code(code: str):
    certificate = services.find_by_code(code)
    organisation_certificate = None if certificate else services.find_organisation_certificate_by_code(code)
    found = certificate or organisation_certificate
    # Logged without the person: which code was checked, from where, and what it said.
    log.info("certificate check code=%r found=%s ip=%s", code[:32], found is not None, request.remote_addr)
    if found is None:
        return render_template("certificates/not_found.html", code=code[:32]), 404
    if found.code != code:
        return redirect(url_for("certificates.verify_code", code=found.code))
    if organisation_certificate is not None:
        return render_template("certificates/verified_organisation.html", certificate=organisation_certificate)
    if certificate.code != code:
        return redirect(url_for("certificates.verify_code", code=certificate.code))
    return render_template("certificates/verified.html", certificate=certificate, status=certificate.status(utcnow()))
