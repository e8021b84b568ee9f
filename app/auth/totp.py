"""The second factor: TOTP (RFC 6238, pyotp) and single-use recovery codes. Services flush.

Secrets are stored encrypted with AES-GCM under a key derived (HKDF-SHA256) from
TOTP_ENCRYPTION_KEY, or SECRET_KEY when that is empty: a database dump alone does not give
anyone the codes. A code's time step is remembered, so a code works once.
"""
from __future__ import annotations

import base64
import hmac
import os
import secrets
from datetime import datetime

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.auth.models import RecoveryCode, User
from app.auth.passwords import hash_password, verify_password
from app.db_types import utcnow
from app.extensions import db

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper
_PREFIX = "v1:"


def _key() -> bytes:
    material = current_app.config.get("TOTP_ENCRYPTION_KEY") or current_app.config["SECRET_KEY"]
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"weerbaar-totp-secret").derive(
        material.encode())


def encrypt_secret(secret: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, secret.encode(), b"totp")
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_secret(stored: str) -> str | None:
    """The secret, or None when it was sealed under another key (the key was changed)."""
    if not stored.startswith(_PREFIX):
        return None
    raw = base64.urlsafe_b64decode(stored[len(_PREFIX):])
    try:
        return AESGCM(_key()).decrypt(raw[:12], raw[12:], b"totp").decode()
    except InvalidTag:
        return None


def _totp(user: User) -> pyotp.TOTP | None:
    secret = decrypt_secret(user.totp_secret) if user.totp_secret else None
    return pyotp.TOTP(secret) if secret else None


def begin_enrolment(user: User) -> str:
    """The secret to show while enrolling; kept until confirmed, so reloading shows the same QR code."""
    if user.totp_secret and not user.has_second_factor:
        secret = decrypt_secret(user.totp_secret)
        if secret:
            return secret
    secret = pyotp.random_base32()
    user.totp_secret = encrypt_secret(secret)
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.flush()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_data_uri(uri: str) -> str:
    """An SVG data: URI for an <img>, which the Content-Security-Policy allows (img-src data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def group_key(secret: str) -> str:
    """The manual key in groups of four, as authenticator apps show it."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def verify_code(user: User, code: str, at: datetime | None = None) -> bool:
    """True for a current code (one step of clock drift either way) not used before; remembers its step."""
    totp = _totp(user)
    code = "".join(ch for ch in code if ch.isdigit())
    if totp is None or len(code) != 6:
        return False
    now = at or utcnow()
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if step <= (user.totp_last_step or -1):
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            db.session.flush()
            return True
    return False


def wrong_enrolment_code() -> str:
    """The message when the first code from the app does not match."""
    return _("Deze code klopt niet. Controleer de tijd op je telefoon en gebruik de nieuwste code.")


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Switch the second factor on when the code matches; returns the new recovery codes (shown once)."""
    if not verify_code(user, code):
        return None
    user.totp_enabled_at = utcnow()
    return new_recovery_codes(user)


def _normal(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; only their hashes are stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _number in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    # About 50 bits each: below ASVS's 112 bits, so a salted password hash (argon2id), not a plain hash.
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(_normal(c))) for c in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """True once per code: the code is marked used in the same flush."""
    normal = _normal(code)
    if len(normal) != 10:
        return False
    rows = db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)).with_for_update()).all()
    for row in rows:
        if verify_password(row.code_hash, normal):
            row.used_at = utcnow()
            db.session.flush()
            return True
    return False


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def remove_second_factor(user: User) -> None:
    """Forget the secret and the recovery codes. The caller ends the user's sessions."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def enable_with_secret(user: User, secret: str) -> None:
    """Enrol with a known secret: the demo accounts and the tests (never from a page)."""
    user.totp_secret = encrypt_secret(secret)
    user.totp_enabled_at = utcnow()
    db.session.flush()


def current_code(user: User) -> str | None:
    totp = _totp(user)
    return totp.now() if totp else None
