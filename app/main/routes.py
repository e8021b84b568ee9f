from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.auth.models import Role
from app.extensions import db, limiter

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
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
