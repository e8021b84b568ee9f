"""The compiled catalogues without Flask: for PDFs and other text made outside a request."""
from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@cache
def translations(language: str) -> NullTranslations:
    """gettext for one language; Dutch is the source language, so it needs no catalogue."""
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [language])


def long_date(value: date | datetime | None, language: str) -> str:
    """``22 november 2026`` / ``22 November 2026``."""
    return format_date(value, "d MMMM y", locale=language) if value else ""
