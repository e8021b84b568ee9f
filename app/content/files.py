"""Course files held in memory ({path: bytes}), checked with the same validator as a folder.

The editor's drafts and the web ZIP import are dicts, the CLI reads a folder: both end up in
`validate_tree` on a folder, so there is one loader and one set of checks.
"""
from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from app.content.problems import Problem
from app.content.structure import ParsedCourse
from app.content.validate import validate_tree


def safe_path(name: str) -> str | None:
    """name as a clean relative posix path, or None when it is absolute or climbs out with '..'."""
    if not name or "\\" in name or "\0" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = name.split("/")
    if any(part in ("..", "") for part in parts[:-1]) or parts[-1] in ("..", "."):
        return None
    clean = posixpath.normpath(name)
    if clean.startswith("..") or clean.startswith("/") or clean == ".":
        return None
    return clean


@contextmanager
def materialised(files: dict[str, bytes]) -> Iterator[Path]:
    """The files written under a fresh temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="weerbaar-") as tmp:
        root = Path(tmp)
        for name, data in files.items():
            clean = safe_path(name)
            if clean is None:
                raise ValueError(f"unsafe path {name!r}")
            target = root / clean
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield root


def relative(problems: list[Problem], root: Path) -> list[Problem]:
    """Problems addressed from the root folder ('slug/01-x/les.md'), not from a temporary path."""
    prefix = root.as_posix().rstrip("/") + "/"
    return [replace(p, path=p.path[len(prefix):]) if p.path.startswith(prefix) else p for p in problems]


def validate_files(files: dict[str, bytes]) -> tuple[list[ParsedCourse], list[Problem]]:
    """Validate a dict laid out like courses/ ('<slug>/course.md', ...), exactly as `courses validate` would."""
    with materialised(files) as root:
        courses, problems = validate_tree(root)
        return courses, relative(problems, root)
