from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.auth.models import Role
from app.extensions import limiter
from app.main import health

bp = Blueprint("main", __name__)
# The day the accessibility statement was last checked against the site; change it with the text.
STATEMENT_DATE = date(2026, 12, 2)

HOME_BY_ROLE = {
    Role.MEMBER: "learn.dashboard",
    Role.TRAINER: "authoring.courses",
    Role.GRIFFIER: "griffie.overview",
    Role.ADMIN: "admin.organisations",
}


@bp.get("/")
@login_required
def home():
    return redirect(url_for(HOME_BY_ROLE[current_user.role]))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Every dependency and an overall status; 503 when the database is down (see app.main.health)."""
    report, status = health.check()
    return jsonify(report), status


@bp.get("/toegankelijkheid")
def accessibility():
    return render_template("main/accessibility.html", statement_date=STATEMENT_DATE)


from app.main import language  # noqa: F401  (registers its routes on bp)
