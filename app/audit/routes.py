"""The audit trail for the administrator (all of it) and the griffier (their organisation's).

Read-only: there is no route that changes or deletes an entry (tests/audit/test_pages.py checks it).
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.audit import queries
from app.audit.forms import AuditFilterForm
from app.audit.services import record_request
from app.auth.models import Role
from app.certificates.services import AMSTERDAM
from app.csv_export import to_csv
from app.db_types import utcnow
from app.extensions import db
from app.organisations.models import Organisation
from app.permissions import roles_required

bp = Blueprint("audit", __name__)
PER_PAGE = 50


def _scope() -> int | None:
    """The griffier sees their own organisation; the administrator everything."""
    return None if current_user.role == Role.ADMIN else int(current_user.organisation_id)


def _filters() -> tuple[AuditFilterForm, queries.AuditFilter, dict[str, str]]:
    organisation_id = _scope()
    form = AuditFilterForm(request.args)
    form.persoon.choices = [(0, _("Iedereen"))] + queries.people(organisation_id)
    chosen = queries.AuditFilter(organisation_id)
    if form.validate():
        chosen = queries.AuditFilter(organisation_id, form.van.data, form.tot.data, form.persoon.data or None)
    args = {key: value for key, value in (
        ("van", chosen.date_from and chosen.date_from.isoformat()),
        ("tot", chosen.date_until and chosen.date_until.isoformat()),
        ("persoon", chosen.person_id and str(chosen.person_id))) if value}
    return form, chosen, args


def _page(endpoint: str, export_endpoint: str):
    form, chosen, args = _filters()
    page = db.paginate(queries.entries(chosen), per_page=PER_PAGE)
    organisations = (dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
                     if chosen.organisation_id is None else {})
    return render_template("audit/log.html", form=form, page=page, names=queries.target_names(page.items),
                           organisations=organisations,
                           endpoint=endpoint, export_endpoint=export_endpoint, filter_args=args,
                           action_label=queries.action_label, describe=queries.describe_target,
                           all_organisations=chosen.organisation_id is None)


def _export():
    _form, chosen, _args = _filters()
    header, rows = queries.export_rows(chosen)
    record_request("audit.exported", organisation_id=chosen.organisation_id, details={"rows": len(rows)})
    db.session.commit()
    stamp = utcnow().astimezone(AMSTERDAM).strftime("%Y-%m-%d-%H%M")
    return Response(to_csv(header, rows, excel=request.args.get("excel") == "1"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="logboek-{stamp}.csv"'})


@bp.get("/beheer/logboek")
@roles_required(Role.ADMIN)
def admin_log():
    return _page("audit.admin_log", "audit.admin_export")


@bp.get("/beheer/logboek.csv")
@roles_required(Role.ADMIN)
def admin_export():
    return _export()


@bp.get("/griffie/logboek")
@roles_required(Role.GRIFFIER)
def griffie_log():
    return _page("audit.griffie_log", "audit.griffie_export")


@bp.get("/griffie/logboek.csv")
@roles_required(Role.GRIFFIER)
def griffie_export():
    return _export()
