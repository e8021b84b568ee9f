"""Failed attempts counted per account, from every address together (Flask-Limiter's storage).

The per-IP limits on the routes stop one machine; these stop many machines guessing at one
account. So that an attacker cannot lock the owner out, a blocked account is not closed: the
password alone is no longer accepted for a while, but a reset link from "Wachtwoord vergeten"
still works and clears the count, and staff need their second factor anyway.
"""
from __future__ import annotations

import logging

from flask import current_app
from limits import parse_many

from app.extensions import limiter

log = logging.getLogger(__name__)
PASSWORD = "ACCOUNT_LOGIN_RATE_LIMIT"
SECOND_FACTOR = "TOTP_RATE_LIMIT"


def _items(kind: str):
    return parse_many(current_app.config[kind])


def is_blocked(kind: str, account: str) -> bool:
    try:
        return not all(limiter.limiter.test(item, kind, account) for item in _items(kind))
    except Exception:  # storage down: the per-IP limits (with their fallback) still apply
        log.exception("Per-account limit unavailable")
        return False


def failed(kind: str, account: str) -> None:
    try:
        for item in _items(kind):
            limiter.limiter.hit(item, kind, account)
    except Exception:
        log.exception("Per-account limit unavailable")


def clear(kind: str, account: str) -> None:
    try:
        for item in _items(kind):
            limiter.limiter.clear(item, kind, account)
    except Exception:
        log.exception("Per-account limit unavailable")
