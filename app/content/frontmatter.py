"""YAML front matter between --- lines, with line numbers for every complaint."""
from __future__ import annotations

import re
from typing import Any

import yaml
from flask_babel import gettext as _

FENCE = "---"


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def split(text: str) -> tuple[dict[str, Any], str, int]:
    """Return (meta, body, body_line). Raises FrontMatterError with the file line."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(1, _("het bestand moet beginnen met front matter tussen twee regels '---'"))
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            end = index
            break
    else:
        raise FrontMatterError(1, _("de front matter wordt niet afgesloten met een regel '---'"))
    yaml_text = "\n".join(lines[1:end])
    try:
        meta = _load(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(line, _("ongeldige YAML in de front matter: %(problem)s", problem=problem)) from exc
    if not isinstance(meta, dict):
        raise FrontMatterError(2, _("de front matter moet bestaan uit regels 'sleutel: waarde'"))
    body = "\n".join(lines[end + 1:])
    return meta, body, end + 2


# libyaml's scanner when PyYAML has it: six times faster, and the constructor (so the result) is the same.
_FAST = getattr(yaml, "CSafeLoader", None)


def _load(text: str) -> Any:
    """safe_load; an error is raised by the pure-Python loader, whose lines and words authors are shown."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)  # noqa: S506 -- a safe loader
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def key_line(text: str, key: str) -> int:
    """The line on which a front-matter key is written, or 1 when it is absent."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
        if number > 1 and line.strip() == FENCE:
            break
    return 1
