"""Verification codes printed on certificates and typed back by people checking them.

Crockford base32 (no I, L, O, U) so a code survives being read aloud or copied from
paper: 16 characters of 5 bits each give 80 bits from the operating system's CSPRNG,
far beyond guessing even without the rate limit on the verification page.
"""
from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4

# Crockford's decoding rules: letters that look like digits are read as those digits.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh random code in its printed form, e.g. ``7K3M-Q9TX-2D8H-VRWN``."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalise(typed: str) -> str | None:
    """The printed form of what a person typed, or None when it cannot be a code.

    Case, dashes and spaces do not matter and O, I and L are read as 0, 1 and 1.
    U is refused rather than guessed (Crockford keeps it out to avoid accidental words).
    """
    characters = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(characters) != LENGTH or any(character not in ALPHABET for character in characters):
        return None
    return _grouped(characters)


def _grouped(characters: str) -> str:
    return "-".join(characters[start:start + GROUP] for start in range(0, len(characters), GROUP))
