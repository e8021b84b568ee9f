"""Language and Dutch date formatting."""
from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_date, format_datetime


def select_locale() -> str:
    # Dutch is the default and, for now, the only catalogue; English follows later.
    return "nl"


def date_nl(value: datetime | None) -> str:
    """22 november 2026"""
    return format_date(value, "d MMMM y") if value else ""


def datetime_nl(value: datetime | None) -> str:
    """22 november 2026 om 14:05"""
    return f"{format_date(value, 'd MMMM y')} om {format_datetime(value, 'HH:mm')}" if value else ""


def register_filters(app: Flask) -> None:
    from app.navigation import main_menu

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["date_nl"] = date_nl
    app.jinja_env.filters["datetime_nl"] = datetime_nl
    app.jinja_env.globals["main_menu"] = main_menu
