"""Find links and images in Markdown source, with their line numbers."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Link:
    line: int
    text: str
    target: str
    is_image: bool


def body_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines of the body with their file line numbers, skipping fenced code."""
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield first_line + offset, line


def find_links(body: str, first_line: int) -> Iterator[Link]:
    for number, line in body_lines(body, first_line):
        for match in LINK.finditer(line):
            yield Link(number, match.group(2), match.group(3), match.group(1) == "!")


def is_external(target: str) -> bool:
    parts = urlsplit(target)
    return bool(parts.scheme) or target.startswith(("/", "#"))


def resolve(from_rel: str, target: str) -> tuple[str, str] | None:
    """A relative target seen from the file from_rel, as (course-relative path, fragment).

    None when it points outside the course folder.
    """
    parts = urlsplit(target)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), parts.path))
    if joined.startswith("..") or joined.startswith("/"):
        return None
    return joined, parts.fragment
