"""Absolute links for emails, also from the CLI where no request exists."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context(base_url=base):
        return base + url_for(endpoint, **values)


def is_safe_next(target: str | None) -> bool:
    """Only paths inside this app: no scheme, no host, no protocol-relative tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def get_target_after_login(target: str | None) -> str | None:
    """Where to go after logging in: `next` when it is one of our pages that answers GET.

    A `next` that only takes POST (the "Klaar" button of a lesson, clicked after the session ran
    out) would end in "Niet toegestaan"; the nearest page above it that does answer GET is where
    that button was (for .../klaar, the lesson). None when nothing fits: the caller picks home.
    """
    if not is_safe_next(target):
        return None
    parts = urlsplit(target)
    adapter = current_app.url_map.bind("")
    path = parts.path
    while path and path != "/":
        try:
            adapter.match(path, method="GET")
        except RequestRedirect as redirect:
            return urlsplit(redirect.new_url).path
        except MethodNotAllowed:
            path = path.rstrip("/").rsplit("/", 1)[0] or "/"
            continue
        except HTTPException:
            return None
        return path + (f"?{parts.query}" if path == parts.path and parts.query else "")
    return None
