"""Every organisation-owned query goes through here, scoped to the person asking."""
from __future__ import annotations

import logging

from flask import abort, request
from flask_login import current_user
from sqlalchemy import Select, select

from app.auth.models import Role, User
from app.extensions import db

log = logging.getLogger(__name__)


def current_organisation_id() -> int:
    return int(current_user.organisation_id)


def scoped_users() -> Select[tuple[User]]:
    """Users of the current user's organisation."""
    return select(User).where(User.organisation_id == current_organisation_id())


def get_scoped_user_or_404(user_id: int) -> User:
    """Another organisation's user answers 404, as if it did not exist."""
    user = db.session.scalar(scoped_users().where(User.id == user_id))
    if user is None:
        _not_found(User, user_id)
    return user


def get_scoped_or_404(model: type, object_id: int):
    """An object of a model with an organisation_id, only when it belongs to the current organisation."""
    found = db.session.scalar(select(model).where(model.id == object_id,
                                                  model.organisation_id == current_organisation_id()))
    if found is None:
        _not_found(model, object_id)
    return found


def scoped_members() -> Select[tuple[User]]:
    """The members a griffier manages: their organisation's office holders, never staff, never erased ones."""
    return scoped_users().where(User.role == Role.MEMBER, User.erased_at.is_(None))


def get_scoped_member_or_404(user_id: int) -> User:
    """A staff account or another organisation's member answers 404, as if it did not exist."""
    user = db.session.scalar(scoped_members().where(User.id == user_id))
    if user is None:
        _not_found(User, user_id)
    return user


def _not_found(model: type, object_id: int):
    """404 either way; when the object does exist (someone else's, or a staff account), log the refusal:
    a refused authorisation is a security event (ASVS 16.3.2), and probing ids shows up."""
    if db.session.get(model, object_id) is not None:
        log.warning("access refused object=%s:%s user=%s ip=%s path=%r", model.__name__, object_id,
                    current_user.id, request.remote_addr, request.path)
    abort(404)
