"""argon2id password hashing (argon2-cffi), tuned from config."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Verified against when the address is unknown, so both paths cost the same time.
_DUMMY: dict[tuple[int, int], str] = {}


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(time_cost=config["ARGON2_TIME_COST"], memory_cost=config["ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    hasher = _hasher()
    if stored is None:
        key = (hasher.time_cost, hasher.memory_cost)
        if key not in _DUMMY:
            _DUMMY[key] = hasher.hash("dummy password for timing")
        stored = _DUMMY[key]
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)
