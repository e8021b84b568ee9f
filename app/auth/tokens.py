"""Signed, expiring links for invitations and password resets (itsdangerous).

A token carries a fingerprint of the account's password state, so it works once:
setting a password changes the fingerprint and every older link stops working.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.auth.models import User
from app.extensions import db

INVITE = "uitnodiging"
RESET = "wachtwoord-herstellen"
EMAIL = "e-mailadres-bevestigen"
MAX_AGES = {INVITE: "INVITATION_MAX_AGE", RESET: "PASSWORD_RESET_MAX_AGE", EMAIL: "EMAIL_CHANGE_MAX_AGE"}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"weerbaar-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    # Resending an invitation changes invited_at, which retires the older link; asking for another
    # new address retires the link sent to the previous one.
    state = f"{user.password_hash or ''}|{user.invited_at.isoformat() if purpose == INVITE and user.invited_at else ''}"
    if purpose == EMAIL:
        state += f"|{user.pending_email or ''}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


def max_age(purpose: str) -> timedelta:
    return current_app.config[MAX_AGES[purpose]]


def read_token(token: str, purpose: str) -> User | None:
    """The user the link is for, or None when it is forged, expired or already used."""
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age(purpose).total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.is_active or data.get("f") != _fingerprint(user, purpose):
        return None
    if purpose == INVITE and user.has_accepted:
        return None
    if purpose == EMAIL and not user.pending_email:
        return None
    return user


def expired_invitation_organisation(token: str) -> str | None:
    """For an authentic invitation link that only ran out of time: the organisation's name, so the page
    can say whose griffie to ask. None for anything else (forged, used, or still valid)."""
    try:
        _serializer(INVITE).loads(token, max_age=int(max_age(INVITE).total_seconds()))
    except SignatureExpired as exc:
        data = exc.payload
    except BadSignature:
        return None
    else:
        return None
    try:
        data = _serializer(INVITE).load_payload(data) if isinstance(data, bytes) else data
    except BadSignature:
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or user.has_accepted or data.get("f") != _fingerprint(user, INVITE):
        return None
    return user.organisation.name
