from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user, login_required
from app.auth.models import Role
from app.extensions import limiter
from app.main import health

bp = Blueprint("main", __name__)

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
