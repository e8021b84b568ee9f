"""Which front-matter keys each kind of file takes, and how each is checked."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.content.frontmatter import key_line
from app.content.problems import Problem
from app.content.slots import OPEN, SLOT_NAMES
from app.content.structure import SourceFile

# Council functions (app.auth.models.Function) plus the griffier; kept here so this
# package needs no models. A test keeps the two lists equal.
COUNCIL_FUNCTIONS = ("raadslid", "wethouder", "burgemeester", "statenlid", "waterschapsbestuurder", "anders")
AUDIENCES = (*COUNCIL_FUNCTIONS, "griffier")

Check = Callable[[Any], str | None]


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _("moet een tekst zijn")
    return None


def _minutes(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
        return _("moet een heel getal van 1 tot en met 60 zijn")
    return None


def _audience(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return _("moet een lijst zijn, zoals [raadslid, wethouder]")
    unknown = [str(v) for v in value if v not in AUDIENCES]
    if unknown:
        return _("onbekende doelgroep %(values)s; kies uit: %(allowed)s", values=", ".join(unknown), allowed=", ".join(AUDIENCES))
    return None


def _sources(value: Any) -> str | None:
    if not isinstance(value, list):
        return _("moet een lijst van bronnen zijn, elk met 'title' en eventueel 'url'")
    for item in value:
        if not isinstance(item, dict) or _text(item.get("title")) or set(item) - {"title", "url"}:
            return _("elke bron heeft een 'title' en eventueel een 'url', niets anders")
        url = item.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            return _("de url van een bron moet beginnen met https:// of http://")
    return None


@dataclass(frozen=True)
class Key:
    check: Check
    required: bool = False


def _one_of(*allowed: str) -> Check:
    def check(value: Any) -> str | None:
        if value not in allowed:
            return _("moet een van deze zijn: %(allowed)s", allowed=", ".join(allowed))
        return None

    return check


def _percent(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        return _("moet een percentage zijn: een heel getal van 0 tot en met 100")
    return None


def _whole(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return _("moet een heel getal zijn")
    return None


def _attempts(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return _("moet een heel getal van 1 of meer zijn (laat weg voor onbeperkt)")
    return None


def _attempts_draw(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return _("moet een heel getal van 1 of meer zijn: hoeveel vragen elke poging krijgt")
    return None


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else _("moet true of false zijn")


def _id(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else _("moet het id van een situatie zijn")


def _ids(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) < 2:
        return _("moet een lijst van ids zijn, van de start tot een einde, zoals [tribune, schorsen, goed]")
    return None


HELP_KEYS = {"title", "text", "url", "slot"}


def _help(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return _("moet een lijst zijn met per regel 'title', 'text' en eventueel 'url'")
    for item in value:
        if not isinstance(item, dict) or _text(item.get("title")) or _text(item.get("text")) or set(item) - HELP_KEYS:
            return _("elk hulp-item heeft 'title' en 'text', en eventueel 'url' en 'slot'")
        slot = item.get("slot")
        if slot is not None and slot not in SLOT_NAMES:
            return _("onbekende lokale informatie '%(name)s' bij 'slot'; kies uit: %(names)s",
                     name=slot, names=", ".join(SLOT_NAMES))
        if any(OPEN.match(line) for line in str(item.get("text")).splitlines()):
            return _("een hulp-item heeft geen '::: lokaal'-blok; zet 'slot: <naam>' bij het item, de tekst is dan wat "
                     "je toont als de organisatie niets heeft ingevuld")
        url = item.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            return _("de url van een hulp-item moet beginnen met https:// of http://")
    return None


def _validity(value: Any) -> str | None:
    if value == "raadsperiode" or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 120):
        return None
    return _("moet een aantal maanden zijn (1 tot en met 120) of 'raadsperiode'")


def _slug(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _("moet de slug van een module zijn, zoals 'opfrissen' voor de map '11-opfrissen'")
    return None


def _days(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("moet een aantal dagen zijn: een heel getal van %(low)d tot en met %(high)d", low=low, high=high)
        return None

    return check


# How long before and after expiry the refresher is open when course.md does not say.
REFRESHER_BEFORE_DAYS = 60
REFRESHER_AFTER_DAYS = 90

KINDS = ("lesson", "quiz", "scenario")
COURSE = {"title": Key(_text, True), "summary": Key(_text, True), "audience": Key(_audience), "sources": Key(_sources),
          "validity": Key(_validity), "lang": Key(_one_of("nl", "en")), "refresher": Key(_slug),
          "refresher_before_days": Key(_days(1, 365)), "refresher_after_days": Key(_days(0, 365))}
MODULE = {"title": Key(_text, True), "summary": Key(_text), "sources": Key(_sources)}
LESSON = {"type": Key(_one_of(*KINDS)), "title": Key(_text, True), "minutes": Key(_minutes)}
_ATTEMPTS = {"max_attempts": Key(_attempts), "counts": Key(_one_of("best", "last"))}
_PLAY = {"shuffle": Key(_flag), "feedback": Key(_one_of("each", "end"))}
QUIZ = {**LESSON, "pass_mark": Key(_percent), **_PLAY, "draw": Key(_attempts_draw), "draw_per_topic": Key(_flag),
        **_ATTEMPTS}
SCENARIO = {**LESSON, "scoring": Key(_one_of("ending", "sum")), "pass_mark": Key(_whole), "start": Key(_id),
            "advised": Key(_ids), "help": Key(_help), **_PLAY, **_ATTEMPTS}
BY_KIND = {"lesson": LESSON, "quiz": QUIZ, "scenario": SCENARIO}


def check_meta(source: SourceFile, schema: dict[str, Key]) -> list[Problem]:
    problems = []
    for name, key in schema.items():
        if name not in source.meta:
            if key.required:
                problems.append(Problem(source.display, 1, _("verplichte sleutel '%(key)s' ontbreekt in de front matter", key=name)))
            continue
        message = key.check(source.meta[name])
        if message:
            problems.append(Problem(source.display, key_line(source.text, name), f"'{name}' {message}"))
    for name in source.meta:
        if name not in schema:
            problems.append(Problem(
                source.display, key_line(source.text, str(name)),
                _("onbekende sleutel '%(key)s'; toegestaan: %(allowed)s", key=name, allowed=", ".join(schema)),
            ))
    return problems
