"""Signed, expiring links for invitations and password resets (itsdangerous).

A token carries a fingerprint of the account's password state, so it works once:
setting a password changes the fingerprint and every older link stops working.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.auth.models import User
from app.extensions import db

INVITE = "uitnodiging"
RESET = "wachtwoord-herstellen"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"weerbaar-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    # Resending an invitation changes invited_at, which retires the older link.
    state = f"{user.password_hash or ''}|{user.invited_at.isoformat() if purpose == INVITE and user.invited_at else ''}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


def max_age(purpose: str) -> timedelta:
    key = "INVITATION_MAX_AGE" if purpose == INVITE else "PASSWORD_RESET_MAX_AGE"
    return current_app.config[key]


def read_token(token: str, purpose: str) -> User | None:
    """The user the link is for, or None when it is forged, expired or already used."""
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age(purpose).total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active or data.get("f") != _fingerprint(user, purpose):
        return None
    if purpose == INVITE and user.has_accepted:
        return None
    return user
