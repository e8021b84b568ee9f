"""Plain data for a parsed course folder."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SourceFile:
    path: Path  # on disk
    display: str  # as shown in messages: relative to where validation started
    rel: str  # relative to the course folder, with forward slashes
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int  # file line on which the body starts


@dataclass
class ParsedLesson:
    slug: str
    position: int
    source: SourceFile

    @property
    def title(self) -> str:
        return str(self.source.meta.get("title", ""))

    @property
    def kind(self) -> str:
        """lesson (reading), quiz (knowledge check) or scenario (branching)."""
        value = self.source.meta.get("type", "lesson")
        return value if isinstance(value, str) else "lesson"

    @property
    def minutes(self) -> int | None:
        value = self.source.meta.get("minutes")
        return value if isinstance(value, int) else None


@dataclass
class ParsedModule:
    slug: str
    position: int
    source: SourceFile
    lessons: list[ParsedLesson] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.source.meta.get("title", ""))


@dataclass
class ParsedCourse:
    slug: str
    path: Path
    source: SourceFile
    modules: list[ParsedModule] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # every file, for hashing and storage

    @property
    def title(self) -> str:
        return str(self.source.meta.get("title", ""))

    def lesson_files(self) -> dict[str, ParsedLesson]:
        return {lesson.source.rel: lesson for module in self.modules for lesson in module.lessons}

    def all_sources(self) -> list[SourceFile]:
        out = [self.source]
        for module in self.modules:
            out.append(module.source)
            out.extend(lesson.source for lesson in module.lessons)
        return out
