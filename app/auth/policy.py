"""What makes a password unacceptable, beyond its length (ASVS 6.2.4, 6.2.11).

Refused: the 10,000 most common passwords plus Dutch favourites (see data/README.md), also
with a year, digits or punctuation after them (`welkom2026!`), and passwords that contain
the person's name or the part of their e-mail address before the @.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _

DATA = Path(__file__).resolve().parent / "data"
_TRAILING = re.compile(r"[\d\W_]+$")
_WORD = re.compile(r"[^\W\d_]{4,}")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(DATA / "common-passwords.txt.gz", "rt", encoding="utf-8") as handle:
        words = {line.strip() for line in handle}
    words |= {line.strip().lower() for line in (DATA / "common-passwords-nl.txt").read_text("utf-8").splitlines()}
    words.discard("")
    return frozenset(words)


def is_common(password: str) -> bool:
    lowered = password.strip().lower()
    base = _TRAILING.sub("", lowered)
    return lowered in common_passwords() or (len(base) >= 3 and base in common_passwords())


def personal_words(name: str | None, email: str | None) -> list[str]:
    """Parts of the name (four letters or more) and the e-mail address before the @."""
    words = [w.lower() for w in _WORD.findall(name or "")]
    local = (email or "").split("@", 1)[0].lower()
    if len(local) >= 3:
        words.append(local)
        words += [w.lower() for w in _WORD.findall(local)]
    return words


def problem(password: str, name: str | None = None, email: str | None = None) -> str | None:
    """A message for the person when the password is unacceptable, else None."""
    if is_common(password):
        return _("Dit wachtwoord wordt veel gebruikt en is daardoor makkelijk te raden. Kies een ander.")
    lowered = password.lower()
    if any(word in lowered for word in personal_words(name, email)):
        return _("Gebruik niet je naam of je e-mailadres in je wachtwoord.")
    return None
