from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask_babel import gettext as _

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a course file, addressed as path:line like a compiler."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        label = _("fout") if self.is_error else _("waarschuwing")
        return f"{self.path}:{self.line}: {label}: {self.message}"
