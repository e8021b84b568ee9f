"""Local-information slots: a place in a course where the learner's own organisation speaks.

An author writes, in a lesson or scenario body:

    ::: lokaal vertrouwenspersoon
    Vraag je griffie wie de vertrouwenspersoon integriteit is.
    :::

At import the fallback between the fences is rendered and sanitised once and stored inside
a marker (see `wrap`). A request only swaps the stored fallback for the organisation's own
stored, already sanitised HTML (`splice`); no Markdown is rendered per request. The markers
are HTML comments, which nh3 strips from every text it cleans, so neither a course author nor
a griffie can forge one.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape

# The fixed list of slot names (ISSUE14-FORMAT.md); the label says what the griffie fills in.
SLOT_NAMES = {
    "vertrouwenspersoon": _l("Vertrouwenspersoon integriteit"),
    "veiligheid": _l("Contact voor veiligheid en agressie"),
    "griffie": _l("Contact van de griffie"),
    "protocol": _l("Protocol agressie en geweld"),
    "gedragscode": _l("Gedragscode"),
    "lokaal": _l("Meer van je organisatie"),
}

OPEN = re.compile(r"^:::\s*lokaal\b\s*(?P<name>\S*)\s*$")
CLOSE = re.compile(r"^:::\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
MARKER = re.compile(
    r'<div class="lokaal" data-slot="(?P<name>[a-z]+)"><!--lokaal:(?P=name)-->(?P<fallback>.*?)<!--/lokaal--></div>',
    re.DOTALL,
)

Issue = tuple[int, str]


@dataclass
class Slot:
    name: str
    fallback: str  # Markdown
    line: int


def split_slots(body: str, first_line: int = 1) -> tuple[list[str | Slot], list[Issue]]:
    """The body as Markdown lines and slots, in order, with problems as (file line, message)."""
    parts: list[str | Slot] = []
    issues: list[Issue] = []
    in_fence = False
    open_slot: Slot | None = None
    fallback: list[str] = []
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if open_slot is None and FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            parts.append(line)
            continue
        opening = OPEN.match(line)
        if open_slot is not None:
            if CLOSE.match(line):
                _close(open_slot, fallback, parts, issues)
                open_slot, fallback = None, []
            elif opening or line.startswith(":::"):
                issues.append((number, _("een blok lokale informatie kan geen ander blok bevatten; sluit eerst af met ':::'")))
            else:
                fallback.append(line)
        elif opening:
            open_slot = _open(opening["name"], number, issues)
        elif line.startswith(":::"):
            issues.append((number, _("een blok lokale informatie begint met '::: lokaal <naam>' en eindigt met ':::'")))
        else:
            parts.append(line)
    if open_slot is not None:
        issues.append((open_slot.line, _("dit blok lokale informatie wordt niet afgesloten; zet ':::' op een eigen regel eronder")))
    return parts, issues


def _open(name: str, number: int, issues: list[Issue]) -> Slot:
    if not name:
        issues.append((number, _("geef de naam van de lokale informatie, bijvoorbeeld '::: lokaal griffie'; kies uit: %(names)s",
                                 names=", ".join(SLOT_NAMES))))
    elif name not in SLOT_NAMES:
        issues.append((number, _("onbekende lokale informatie '%(name)s'; kies uit: %(names)s",
                                 name=name, names=", ".join(SLOT_NAMES))))
    return Slot(name=name, fallback="", line=number)


def _close(slot: Slot, fallback: list[str], parts: list[str | Slot], issues: list[Issue]) -> None:
    slot.fallback = "\n".join(fallback).strip("\n")
    if not slot.fallback.strip():
        issues.append((slot.line, _("schrijf tussen '::: lokaal %(name)s' en ':::' de tekst die je toont als de organisatie "
                                    "niets heeft ingevuld", name=slot.name)))
    parts.append(slot)


def check_slots(body: str, first_line: int) -> list[Issue]:
    """The validator's view: unknown names, a missing fallback, an unclosed or stray fence."""
    return split_slots(body, first_line)[1]


def wrap(name: str, fallback_html: str) -> str:
    """The stored form of a slot: its rendered fallback inside a marker that `splice` finds."""
    return f'<div class="lokaal" data-slot="{name}"><!--lokaal:{name}-->{fallback_html}<!--/lokaal--></div>'


def render_with_slots(text: str, render: Callable[[str], str]) -> str:
    """Render Markdown with `render`; each slot's fallback is rendered on its own and wrapped."""
    parts, _issues = split_slots(text)
    if not any(isinstance(part, Slot) for part in parts):
        return render(text)
    lines: list[str] = []
    wrapped: dict[str, str] = {}
    for index, part in enumerate(parts):
        if isinstance(part, Slot):
            # A plain word survives Markdown and nh3 untouched, as a paragraph of its own.
            token = f"WLLOKAALSLOT{index}X"
            wrapped[token] = wrap(part.name, render(part.fallback))
            lines += ["", token, ""]
        else:
            lines.append(part)
    html = render("\n".join(lines))
    for token, marker in wrapped.items():
        html = html.replace(f"<p>{token}</p>", marker).replace(token, marker)
    return html


def has_slots(html: str) -> bool:
    return "<!--lokaal:" in html


def splice(html: str, replace: Callable[[str, str], str]) -> str:
    """Each stored slot becomes replace(name, fallback_html). Plain string work: nothing is rendered."""
    if not has_slots(html):
        return html
    return MARKER.sub(lambda match: replace(match["name"], match["fallback"]), html)


def fill(html: str, values: dict[str, str], label: str = "") -> str:
    """The learner's view: the organisation's stored HTML where it has one, else the course's fallback.

    label (plain text, escaped here) heads an organisation's own value, so learners see it is local.
    """
    heading = f'<p class="lokaal__label">{escape(label)}</p>' if label else ""

    def replace(name: str, fallback: str) -> str:
        value = values.get(name)
        if value:
            return f'<div class="lokaal lokaal--eigen" data-slot="{name}">{heading}{value}</div>'
        return f'<div class="lokaal" data-slot="{name}">{fallback}</div>'

    return splice(html, replace)


def slot_names_in(html: str) -> list[str]:
    return [match["name"] for match in MARKER.finditer(html)]
