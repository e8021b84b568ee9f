"""Accounts: log in, invite, set and reset passwords. Services flush; the request commits."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.auth import sessions, tokens, totp
from app.auth.models import Function, Role, User, new_session_token
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.db_types import utcnow
from app.extensions import db
from app.i18n import mail_language
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
    if found is None or not found[0].is_active:  # also refuses everyone of a deactivated organisation
        return None
    g.user_session = found[1]
    return found[0]


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user when address and password match an active account; otherwise None, in equal time."""
    user = find_by_email(email)
    stored = user.password_hash if user is not None else None
    if not verify_password(stored, password) or user is None or not user.is_active:
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


def set_password_from_link(user: User, password: str) -> bool:
    """Like set_password, but only if the account is still as the link saw it. False when another
    request used the link (or a newer one) first: of two simultaneous posts, one wins.

    One conditional UPDATE decides; on PostgreSQL the loser waits for the winner's row lock and
    then finds the condition false.
    """
    seen_hash, seen_invited = user.password_hash, user.invited_at
    values = {"password_hash": hash_password(password), "password_set_at": utcnow(), "session_token": new_session_token()}
    won = db.session.execute(
        update(User).where(User.id == user.id,
                           User.password_hash.is_(None) if seen_hash is None else User.password_hash == seen_hash,
                           User.invited_at.is_(None) if seen_invited is None else User.invited_at == seen_invited)
        .values(**values).execution_options(synchronize_session=False)
    ).rowcount
    if won:
        for key, value in values.items():
            set_committed_value(user, key, value)
        sessions.end_all(user)  # every session on the server too, as set_password does
    return bool(won)


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
    with force_locale(mail_language(user)):
        subject, body = _("Uitnodiging voor Weerbaar Leren"), _(
            "Beste %(name)s,\n\n"
            "Je bent uitgenodigd voor Weerbaar Leren, de training over agressie, intimidatie en integriteit "
            "voor %(organisation)s.\n\n"
            "Kies een wachtwoord via deze link. De link werkt één keer en is %(days)d dagen geldig:\n%(link)s\n\n"
            "Verwachtte je deze uitnodiging niet? Dan kun je dit bericht negeren.\n",
            name=user.name, organisation=user.organisation.name, days=days, link=link,
        )
    send_email(user.email, subject, body, kind="invitation")


def send_password_reset(email: str) -> None:
    """Sends a link only to an existing, active account; the caller says the same either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    if not user.has_accepted:
        send_invitation(user)  # a reset is useless without a password; a fresh invitation helps
        return
    link = external_url("auth.reset_password", token=tokens.make_token(user, tokens.RESET))
    hours = int(tokens.max_age(tokens.RESET).total_seconds() // 3600)
    with force_locale(mail_language(user)):
        subject, body = _("Nieuw wachtwoord voor Weerbaar Leren"), _(
            "Beste %(name)s,\n\n"
            "Iemand heeft gevraagd om een nieuw wachtwoord voor jouw account bij Weerbaar Leren.\n\n"
            "Kies een nieuw wachtwoord via deze link. De link werkt één keer en is %(hours)d uur geldig:\n%(link)s\n\n"
            "Heb je dit niet zelf gevraagd? Dan hoef je niets te doen: je wachtwoord blijft hetzelfde.\n",
            name=user.name, hours=hours, link=link,
        )
    send_email(user.email, subject, body, kind="reset")


def update_profile(user: User, name: str, function: Function | None) -> dict[str, list[str]]:
    """Correct the name and function. Returns what changed as {field: [old, new]}, for the audit trail.

    An issued certificate keeps the name it was issued with until the griffie reissues it.
    """
    changes: dict[str, list[str]] = {}
    name = name.strip()
    function = function if user.role == Role.MEMBER else None
    if name and name != user.name:
        changes["name"] = [user.name, name]
        user.name = name
    if function != user.function:
        changes["function"] = [user.function.value if user.function else "", function.value if function else ""]
        user.function = function
    db.session.flush()
    return changes


def request_email_change(user: User, new_email: str) -> bool:
    """Start moving the account to a new address. Returns False when the address is the same.

    Someone who has not accepted the invitation yet (the usual case: a typo at invitation) gets the
    new address at once with a fresh invitation, which retires the old link: choosing a password
    through it proves the address. Anyone else gets a confirmation link at the new address and keeps
    the old one until they follow it. Raises EmailTaken when another account uses the address.
    """
    email = normalise_email(new_email)
    if email == user.email:
        if user.pending_email:
            user.pending_email = None
            db.session.flush()
        return False
    other = find_by_email(email)
    if other is not None and other.id != user.id:
        raise EmailTaken(email)
    if not user.has_accepted:
        user.email = email
        user.pending_email = None
        send_invitation(user)
        return True
    user.pending_email = email
    db.session.flush()
    link = external_url("auth.confirm_email", token=tokens.make_token(user, tokens.EMAIL))
    days = tokens.max_age(tokens.EMAIL).days
    with force_locale(mail_language(user)):  # the recipient's language, not the griffier's
        subject, body = _("Bevestig je nieuwe e-mailadres voor Weerbaar Leren"), _(
            "Beste %(name)s,\n\n"
            "Je e-mailadres bij Weerbaar Leren wordt %(email)s. Bevestig dat dit jouw adres is via deze link. "
            "De link is %(days)d dagen geldig:\n%(link)s\n\n"
            "Tot je bevestigt, blijft je oude adres gelden. Verwachtte je dit bericht niet? Dan kun je het negeren.\n",
            name=user.name, email=email, days=days, link=link,
        )
        notice_subject, notice = _("Je e-mailadres bij Weerbaar Leren verandert"), _(
            "Beste %(name)s,\n\n"
            "Voor jouw account bij Weerbaar Leren is een nieuw e-mailadres opgegeven. Het verandert pas als het "
            "nieuwe adres wordt bevestigd. Klopt dit niet? Neem dan contact op met je griffie.\n",
            name=user.name,
        )
    send_email(email, subject, body)
    send_email(user.email, notice_subject, notice)
    return True


def confirm_email_change(user: User) -> str:
    """Make the pending address the account's address. Raises EmailTaken when it was taken meanwhile."""
    email = user.pending_email or user.email
    other = find_by_email(email)
    if other is not None and other.id != user.id:
        user.pending_email = None
        db.session.flush()
        raise EmailTaken(email)
    user.email = email
    user.pending_email = None
    db.session.flush()
    return email


def edit_account(user: User, name: str, email: str, function: Function | None) -> dict[str, list[str]]:
    """Name and function change now; a new address waits for confirmation (see request_email_change).
    Raises EmailTaken before changing anything. Returns the changes for the audit trail."""
    email = normalise_email(email)
    other = find_by_email(email)
    if other is not None and other.id != user.id:
        raise EmailTaken(email)
    changes = update_profile(user, name, function)
    old_email = user.email
    if request_email_change(user, email):
        key = "email" if user.email == email else "email_pending"
        changes[key] = [old_email, email]
    return changes


def change_role(user: User, role: Role) -> None:
    """A new role ends the user's sessions, so no page keeps the old rights; only office holders
    keep a function."""
    user.role = role
    if role != Role.MEMBER:
        user.function = None
    sessions.end_all(user)  # staff-to-be also enrol a second factor at their next login


def find_by_session_token(session_token: str) -> User | None:
    return db.session.scalar(select(User).where(User.session_token == session_token)) if session_token else None
