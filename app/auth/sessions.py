"""Sessions held on the server: one UserSession row per login, found through a token in the cookie.

The signed cookie alone proves nothing: ending the row (logout, "Overal uitloggen", a password
change, deactivation, a reset of the second factor) makes every copy of the cookie worthless.
Idle and absolute limits are checked here on every request, against the row's times.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import bindparam, select, update

from app.auth.models import User, UserSession, new_session_token
from app.db_types import local_day, utcnow
from app.extensions import db

SESSION_KEY = "_sid"
# Writing last_seen_at on every request would be a write per click; a minute is precise enough.
TOUCH_AFTER = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User) -> str:
    """A new session for the user; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token), created_at=now, last_seen_at=now))
    user.last_login_at = now
    db.session.flush()
    return token


# Built once: constructing the statement cost more than running it, on every request.
_LOAD = select(User, UserSession).join(UserSession, UserSession.user_id == User.id).where(
    User.session_token == bindparam("session_token"), User.active_clause(bindparam("today")),
    UserSession.token_hash == bindparam("token_hash"), UserSession.ended_at.is_(None))


def load(session_token: str, token: str | None) -> tuple[User, UserSession] | None:
    """The active user (with their organisation) and the live session row that this cookie names, in one query."""
    if not token:
        return None
    row = db.session.execute(_LOAD, {"session_token": session_token, "token_hash": _hash(token),
                                     "today": local_day(utcnow())}).first()
    return (row[0], row[1]) if row else None


def idle_limit(user: User) -> timedelta:
    key = "SESSION_IDLE_TIMEOUT_STAFF" if user.is_staff else "SESSION_IDLE_TIMEOUT_MEMBER"
    return current_app.config[key]


def expiry_reason(user: User, row: UserSession, now: datetime) -> str | None:
    if now - row.created_at > current_app.config["SESSION_ABSOLUTE_LIFETIME"]:
        return "absolute"
    if now - row.last_seen_at > idle_limit(user):
        return "idle"
    if user.is_staff and not user.has_second_factor:
        return "second_factor"  # e.g. reset by an administrator while this session was open
    return None


def end(token: str | None) -> None:
    if token:
        db.session.execute(update(UserSession).where(UserSession.token_hash == _hash(token),
                                                     UserSession.ended_at.is_(None)).values(ended_at=utcnow()))


def end_all(user: User) -> None:
    """End every session of the user, everywhere; a new session_token also retires old cookies."""
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
                       .values(ended_at=utcnow()))
    user.session_token = new_session_token()
    db.session.flush()


def register(app: Flask) -> None:
    @app.before_request
    def enforce_session_limits():
        if request.endpoint in (None, "static") or not current_user.is_authenticated:
            return
        row: UserSession = g.user_session
        now = utcnow()
        reason = expiry_reason(current_user, row, now)
        if reason is not None:
            row.ended_at = now
            db.session.commit()
            logout_user()
            session.clear()
            if reason == "idle":
                flash(_("Je was een tijd niet actief. Log opnieuw in om verder te gaan."), "info")
            else:
                flash(_("Je sessie is verlopen. Log opnieuw in om verder te gaan."), "info")
            return
        if now - row.last_seen_at > TOUCH_AFTER:
            row.last_seen_at = now
            db.session.commit()  # nothing else is pending yet: this runs before the view
        return


def live_sessions(user: User) -> list[UserSession]:
    """The user's sessions that have not ended, most recently used first (idle ones end when next used)."""
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                             UserSession.ended_at.is_(None))
                                   .order_by(UserSession.last_seen_at.desc())))
