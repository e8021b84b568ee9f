"""Accounts: log in, invite, set and reset passwords. Services flush; the request commits."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.auth import sessions, tokens, totp
from app.auth.models import Function, Role, User
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.db_types import utcnow
from app.extensions import db
from app.mail import send_email
from app.organisations.models import Organisation
from app.urls import external_url


class EmailTaken(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_token: str) -> User | None:
    """Flask-Login's loader: the cookie must name both the user and a live server-side session."""
    from flask import g, session

    found = sessions.load(session_token, session.get(sessions.SESSION_KEY))
    if found is None:
        return None
    g.user_session = found[1]
    return found[0]


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user when address and password match an active account; otherwise None, in equal time."""
    user = find_by_email(email)
    stored = user.password_hash if user is not None else None
    if not verify_password(stored, password) or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    return user


def check_password(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


def set_password(user: User, password: str) -> None:
    """Also ends every session of the user and retires every outstanding link."""
    user.password_hash = hash_password(password)
    user.password_set_at = utcnow()
    sessions.end_all(user)


def reset_second_factor(user: User) -> None:
    """An administrator's reset: the second factor is gone and every session ends; staff enrol again."""
    totp.remove_second_factor(user)
    sessions.end_all(user)


def create_user(
    organisation: Organisation, email: str, name: str, role: Role, function: Function | None = None
) -> User:
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(organisation=organisation, email=email, name=name.strip(), role=role,
                function=function if role == Role.MEMBER else None)
    db.session.add(user)
    db.session.flush()
    return user


def invite_user(
    organisation: Organisation, email: str, name: str, role: Role, function: Function | None = None
) -> User:
    """Create the account and email its invitation link. Raises EmailTaken for a known address."""
    user = create_user(organisation, email, name, role, function)
    send_invitation(user)
    return user


def send_invitation(user: User) -> None:
    user.invited_at = utcnow()
    db.session.flush()
    link = external_url("auth.accept_invitation", token=tokens.make_token(user, tokens.INVITE))
    days = tokens.max_age(tokens.INVITE).days
    body = _(
        "Beste %(name)s,\n\n"
        "Je bent uitgenodigd voor Weerbaar Leren, de training over agressie, intimidatie en integriteit "
        "voor %(organisation)s.\n\n"
        "Kies een wachtwoord via deze link. De link werkt één keer en is %(days)d dagen geldig:\n%(link)s\n\n"
        "Verwachtte je deze uitnodiging niet? Dan kun je dit bericht negeren.\n",
        name=user.name, organisation=user.organisation.name, days=days, link=link,
    )
    send_email(user.email, _("Uitnodiging voor Weerbaar Leren"), body)


def send_password_reset(email: str) -> None:
    """Sends a link only to an existing, active account; the caller says the same either way."""
    user = find_by_email(email)
    if user is None or not user.active:
        return
    if not user.has_accepted:
        send_invitation(user)  # a reset is useless without a password; a fresh invitation helps
        return
    link = external_url("auth.reset_password", token=tokens.make_token(user, tokens.RESET))
    hours = int(tokens.max_age(tokens.RESET).total_seconds() // 3600)
    body = _(
        "Beste %(name)s,\n\n"
        "Iemand heeft gevraagd om een nieuw wachtwoord voor jouw account bij Weerbaar Leren.\n\n"
        "Kies een nieuw wachtwoord via deze link. De link werkt één keer en is %(hours)d uur geldig:\n%(link)s\n\n"
        "Heb je dit niet zelf gevraagd? Dan hoef je niets te doen: je wachtwoord blijft hetzelfde.\n",
        name=user.name, hours=hours, link=link,
    )
    send_email(user.email, _("Nieuw wachtwoord voor Weerbaar Leren"), body)


def find_by_session_token(session_token: str) -> User | None:
    return db.session.scalar(select(User).where(User.session_token == session_token)) if session_token else None
