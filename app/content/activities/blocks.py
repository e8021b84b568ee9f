"""Split an activity body into its `## kind id: title` blocks, keeping file line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^##\s+(?P<kind>\w+)\s+(?P<id>[^\s:]+)\s*:\s*(?P<title>.+?)\s*$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Block:
    kind: str
    id: str
    title: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


def split_blocks(body: str, first_line: int) -> tuple[list[tuple[int, str]], list[Block], list[tuple[int, str]]]:
    """(intro lines, blocks, malformed headings). A `## ` line that is not `## kind id: title` is malformed."""
    intro: list[tuple[int, str]] = []
    blocks: list[Block] = []
    malformed: list[tuple[int, str]] = []
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            blocks.append(Block(match["kind"].lower(), match["id"], match["title"], number))
            continue
        if not in_fence and line.startswith("## "):
            malformed.append((number, line))
        (blocks[-1].lines if blocks else intro).append((number, line))
    return intro, blocks, malformed


def text_of(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line for _, line in lines).strip("\n")


def dedent_feedback(lines: list[tuple[int, str]]) -> str:
    """Feedback is written indented by four spaces under its option or choice."""
    return "\n".join(line[4:] if line.startswith("    ") else line.lstrip() for _, line in lines).strip()
