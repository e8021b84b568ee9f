from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ColumnElement, Date, Enum, ForeignKey, String, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, local_day, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.organisations.models import Organisation


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=30, values_callable=lambda e: [m.value for m in e])


class Role(enum.StrEnum):
    MEMBER = "member"
    GRIFFIER = "griffier"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.MEMBER: _l("Ambtsdrager"),
    Role.GRIFFIER: _l("Griffier"),
    Role.TRAINER: _l("Trainer"),
    Role.ADMIN: _l("Beheerder"),
}


class Function(enum.StrEnum):
    """What an office holder does; decides which courses are meant for them."""

    RAADSLID = "raadslid"
    WETHOUDER = "wethouder"
    BURGEMEESTER = "burgemeester"
    STATENLID = "statenlid"
    WATERSCHAPSBESTUURDER = "waterschapsbestuurder"
    ANDERS = "anders"

    @property
    def label(self) -> str:
        return str(FUNCTION_LABELS[self])


FUNCTION_LABELS = {
    Function.RAADSLID: _l("Raadslid"),
    Function.WETHOUDER: _l("Wethouder"),
    Function.BURGEMEESTER: _l("Burgemeester"),
    Function.STATENLID: _l("Statenlid"),
    Function.WATERSCHAPSBESTUURDER: _l("Waterschapsbestuurder"),
    Function.ANDERS: _l("Anders"),
}


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """An account. Deliberately holds no address, birth date or party: see the privacy rules."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # A new address waits here until its owner follows the confirmation link sent to it.
    pending_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.MEMBER)
    function: Mapped[Function | None] = mapped_column(_enum(Function), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # Flask-Login identifies the session by this token, so changing the password or
    # deactivating the account ends every other session at once.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    password_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The retention rule counts from deactivation; erasure is asked for, then carried out (app.privacy).
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A leaver of a new council stays active until the installation: from this (Dutch) day the account
    # counts as deactivated everywhere, and `flask members deactivate-due` makes that final.
    deactivate_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    erasure_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # "nl" or "en"; None until the member picks one, then the interface, mail and new certificates follow it.
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    # Second factor (TOTP): the secret is stored encrypted (auth.totp); last_step refuses a code used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(255), nullable=True)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active_on(local_day(utcnow())) and self.organisation.active

    def active_on(self, day: date) -> bool:
        """Its own switch, and no scheduled deactivation that has come by `day`."""
        return self.active and (self.deactivate_on is None or self.deactivate_on > day)

    @classmethod
    def active_clause(cls, day: date) -> ColumnElement[bool]:
        """`active_on(day)` in SQL, for every list and check that must not count a leaver after the date."""
        return and_(cls.active.is_(True), or_(cls.deactivate_on.is_(None), cls.deactivate_on > day))

    @property
    def has_accepted(self) -> bool:
        return self.password_hash is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role != Role.MEMBER

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserSession(db.Model):
    """One login on one device. The cookie holds a random token; only its hash is stored here.

    Ending the row ends every copy of that cookie; the idle and absolute limits are checked
    against these times, never against anything the browser sends.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RecoveryCode(db.Model):
    """A single-use code for when the authenticator app is gone; stored as an argon2id hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
