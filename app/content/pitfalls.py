"""Places where Python-Markdown reads differently from what an author expects."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from app.content.links import body_lines
from app.content.problems import Problem

LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+\S")
BLOCK_START = ("#", "|", "!!!", ">", "```", "~~~", "<")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def check_body(display: str, body: str, first_line: int) -> list[Problem]:
    problems: list[Problem] = []
    previous = ""
    for number, line in body_lines(body, first_line):
        item = LIST_ITEM.match(line)
        if line.lstrip().startswith("# ") or line.strip() == "#":
            problems.append(Problem(display, number, _(
                "een kop met één # wordt een tweede paginatitel; de titel komt uit de front matter, begin koppen met ##")))
        if item and previous.strip():
            prev_item = LIST_ITEM.match(previous)
            indent = len(item.group(1))
            if prev_item is None and _indent(previous) == indent and not previous.lstrip().startswith(BLOCK_START):
                problems.append(Problem(display, number, _(
                    "zet een lege regel vóór deze lijst; zonder lege regel wordt de lijst gewone tekst"), "warning"))
            if prev_item is not None and indent > len(prev_item.group(1)) and indent % 4:
                problems.append(Problem(display, number, _(
                    "spring een geneste lijst in met vier spaties; met %(n)d spaties wordt het geen geneste lijst", n=indent), "warning"))
        previous = line
    return problems
