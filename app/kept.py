"""Whole pages kept per worker as a skeleton: rendered once with markers where the person's parts go,
then only filled in per request.

A reading lesson reads the same for every member of the same role in the same language, apart from
a few parts: their name and organisation in the header, the CSRF token, the address the language
switch returns to, their progress beside the lesson and their organisation's local text in it. The
page is rendered from its template once per key with a marker in each of those places; a request
joins the kept pieces with its own values. The template stays the only source of the HTML.

Nothing personal can be kept by mistake: while a skeleton is rendered, `current_user` is a stand-in
that answers only what the key already fixes (the role) and markers for the named parts; reading
anything else of the person raises. Fragments kept by app/fragments.py refuse markers.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from flask import current_app, render_template
from markupsafe import Markup

MARK = "\x00"  # never in a rendered page: the HTML sanitiser and escaping both remove it


class KeptPageError(RuntimeError):
    """A template read something personal that the skeleton has no marker for."""


def marker(name: str) -> Markup:
    return Markup(f"{MARK}{name}{MARK}")


@dataclass(frozen=True)
class Skeleton:
    parts: tuple[str, ...]  # static text at even places, slot names at odd places
    names: frozenset[str]

    def fill(self, values: Mapping[str, str]) -> str:
        parts = list(self.parts)
        for place in range(1, len(parts), 2):
            parts[place] = values[parts[place]]
        return "".join(parts)


def split(html: str, slots: set[str]) -> Skeleton:
    parts = tuple(html.split(MARK))
    names = frozenset(parts[1::2])
    if len(parts) % 2 == 0 or not names <= slots:
        raise KeptPageError(f"the page has markers it cannot fill: {sorted(names - slots)}")
    return Skeleton(parts, names)


class _Organisation:
    name = marker("organisation")

    def __getattr__(self, attribute: str):
        raise KeptPageError(f"a kept page read current_user.organisation.{attribute}")


class StandIn:
    """`current_user` while a skeleton is rendered."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    name = marker("name")
    organisation = _Organisation()

    def __init__(self, role: str) -> None:
        self.role = role

    def __getattr__(self, attribute: str):
        raise KeptPageError(f"a kept page read current_user.{attribute}")


def skeleton(key: Hashable, template: str, context: dict, slots: Iterable[str]) -> Skeleton:
    """The template rendered once per worker for `key` (with markers from `context` for the slots)."""
    kept: dict = current_app.extensions.setdefault("kept_pages", {})
    found = kept.get(key)
    if found is None:
        found = kept[key] = split(render_template(template, **context), set(slots))
    return found


def page(key: Hashable, template: str, context: dict, fill: Mapping[str, Callable[[], str]]) -> str:
    """The page for `key`, rendered once per worker with markers for the names in `fill`, then filled
    with their values for this request. `context` is what the skeleton is rendered with: it must
    already carry the stand-ins (see StandIn and marker)."""
    kept = skeleton(key, template, context, fill)
    return kept.fill({name: value() for name, value in fill.items() if name in kept.names})


def clear(app) -> None:
    """Forget every kept page; for tests, whose emptied tables hand out the same ids again."""
    app.extensions.pop("kept_pages", None)
