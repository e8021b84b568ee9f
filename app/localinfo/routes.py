"""The griffie's local information page, its protocol PDF, and the help page for everyone."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.audit.services import record_request
from app.auth.models import Role
from app.content.slots import SLOT_NAMES
from app.extensions import db
from app.localinfo import services
from app.localinfo.forms import HINTS, MARKDOWN_NOTE, LocalInfoForm
from app.localinfo.splice import current_slot_values
from app.permissions import roles_required
from app.tenancy import current_organisation_id

bp = Blueprint("localinfo", __name__)
TEXT_FIELDS = tuple(SLOT_NAMES)


@bp.route("/griffie/lokale-informatie", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def edit():
    organisation_id = current_organisation_id()
    info = services.find_local_info(organisation_id)
    form = LocalInfoForm(data=_form_data(info))
    if form.validate_on_submit():
        pdf = _uploaded_pdf(form)
        if not form.protocol_pdf.errors:
            try:
                info, changed = services.save_local_info(
                    organisation_id, {name: form[name].data or "" for name in TEXT_FIELDS},
                    form.protocol_url.data or "", form.gedragscode_url.data or "", pdf=pdf,
                    remove_pdf=form.remove_pdf.data)
            except services.InvalidLocalInfo as exc:
                form.protocol_pdf.errors.append(str(exc))
            else:
                record_request("local_info.updated", organisation_id=organisation_id, target=info,
                               details={"fields": changed})
                db.session.commit()
                flash(_("De lokale informatie is opgeslagen. Cursisten zien het meteen."), "success")
                return redirect(url_for("localinfo.edit"))
    return render_template("localinfo/edit.html", form=form, info=info, hints=HINTS, markdown_note=MARKDOWN_NOTE,
                           text_fields=TEXT_FIELDS,
                           pdf_limit=size_text(current_app.config["LOCAL_INFO_PDF_MAX_BYTES"]))


def _form_data(info) -> dict:
    if info is None:
        return {}
    return {**(info.texts or {}), "protocol_url": info.protocol_url, "gedragscode_url": info.gedragscode_url}


def _uploaded_pdf(form: LocalInfoForm) -> tuple[str, bytes] | None:
    upload = form.protocol_pdf.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    limit = current_app.config["LOCAL_INFO_PDF_MAX_BYTES"]
    try:
        data = upload.read(limit + 1)
    finally:
        upload.close()  # a large upload is spooled to a temporary file: release it now
    if len(data) > limit:
        form.protocol_pdf.errors.append(_("De PDF is groter dan %(size)s. Kies een kleiner bestand.", size=size_text(limit)))
        return None
    if not services.is_pdf(data):
        form.protocol_pdf.errors.append(_("Dit bestand is geen PDF. Kies een PDF-bestand."))
        return None
    return upload.filename, data


def size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"


@bp.get(services.PDF_PATH)
@login_required
def protocol_pdf():
    """Only ever the viewer's own organisation's file: the URL names no organisation."""
    info = services.find_local_info(current_organisation_id())
    if info is None or not info.has_pdf or info.protocol_pdf is None:
        abort(404)
    response = Response(info.protocol_pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = "attachment; filename=protocol-agressie-en-geweld.pdf"
    # Cache-Control (no-store) and nosniff come from app.security, as for every personal download.
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.get("/hulp")
def help_page():
    """Public: visitors see the general part; a logged-in person also their organisation's contacts."""
    values = current_slot_values()
    own = [(SLOT_NAMES[name], values[name]) for name in ("vertrouwenspersoon", "veiligheid", "griffie", "protocol")
           if values.get(name)]
    return render_template("localinfo/help.html", own=own)
