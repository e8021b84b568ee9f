"""Mijn gegevens (every logged-in user), the erasure request, erasure by staff, and the privacy statement."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from app.audit.services import record_request
from app.auth.models import Role, User
from app.db_types import utcnow
from app.extensions import db
from app.permissions import roles_required
from app.privacy import export, services
from app.privacy.forms import EraseForm, ErasureRequestForm
from app.tenancy import get_scoped_member_or_404

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def statement():
    config = current_app.config
    return render_template("privacy/statement.html", contact=config["PRIVACY_CONTACT"], config=config)


@bp.get("/mijn-gegevens")
@login_required
def mine():
    data = export.personal_data(current_user)
    counts = {table: len(rows) for table, rows in data.items()}
    return render_template("privacy/mine.html", counts=counts, headings=export.headings(), form=FlaskForm())


@bp.get("/mijn-gegevens.json")
@login_required
def download_json():
    body = json.dumps(_export(), ensure_ascii=False, indent=2, default=str)
    return _download(body.encode("utf-8"), "application/json", "json")


@bp.get("/mijn-gegevens.html")
@login_required
def download_html():
    html = render_template("privacy/export.html", data=_export(), headings=export.headings(),
                           labels=export.field_labels(), now=utcnow())
    return _download(html.encode("utf-8"), "text/html", "html")


def _export() -> dict:
    # Not in the organisation's trail: a member reading their own data is no business of the griffie.
    record_request("privacy.exported", target=current_user)
    db.session.commit()
    return export.personal_data(current_user)


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="mijn-gegevens-{utcnow():%Y%m%d}.{extension}"'})


@bp.route("/mijn-gegevens/verwijderen", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def request_erasure():
    form = ErasureRequestForm()
    if current_user.erasure_requested_at is None and form.validate_on_submit():
        services.request_erasure(current_user, utcnow(), ip=request.remote_addr)
        db.session.commit()
        flash(_("Je verzoek is ontvangen. De griffie verwijdert je gegevens binnen %(days)d dagen; anders gebeurt "
                "het daarna vanzelf.", days=current_app.config["PRIVACY_ERASURE_REQUEST_DAYS"]), "success")
        return redirect(url_for("privacy.mine"))
    return render_template("privacy/request.html", form=form)


@bp.post("/mijn-gegevens/verwijderen/intrekken")
@roles_required(Role.MEMBER)
def withdraw_request():
    services.withdraw_request(current_user, ip=request.remote_addr)
    db.session.commit()
    flash(_("Je verzoek om je gegevens te verwijderen is ingetrokken."), "success")
    return redirect(url_for("privacy.mine"))


@bp.route("/griffie/leden/<int:user_id>/gegevens-verwijderen", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def griffie_erase(user_id: int):
    user = get_scoped_member_or_404(user_id)
    return _erase(user, url_for("griffie.member", user_id=user.id), url_for("griffie.members"))


@bp.route("/beheer/gebruikers/<int:user_id>/gegevens-verwijderen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_erase(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or user.erased_at is not None or user.id == current_user.id:
        abort(404)
    back = url_for("admin.organisation", organisation_id=user.organisation_id)
    return _erase(user, back, back)


def _erase(user: User, back: str, done: str):
    form = EraseForm()
    if form.validate_on_submit():
        name = user.name
        services.erase(user, utcnow(), by=current_user, ip=request.remote_addr)
        db.session.commit()
        flash(_("De gegevens van %(name)s zijn verwijderd. Certificaten blijven te controleren, zonder naam.",
                name=name), "success")
        return redirect(done)
    return render_template("privacy/erase.html", form=form, person=user, back=back)
