"""Per-attempt order of options and choices, and the draw of questions: pure and seeded.

An attempt stores the result (its layout), so a reload, Back or a second tab always shows the
same order, and a later change of the rules never reorders an attempt that is under way.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def arrange(items: Sequence[T], rng: random.Random, shuffle: bool) -> list[T]:
    """Shuffle the items that are not pinned; a pinned item (`{vast}`) keeps its place from the file."""
    out = list(items)
    if not shuffle:
        return out
    free = [index for index, item in enumerate(out) if not getattr(item, "pinned", False)]
    moving = [out[index] for index in free]
    rng.shuffle(moving)
    for index, item in zip(free, moving):
        out[index] = item
    return out


def rng_for(seed: str, salt: str = "") -> random.Random:
    return random.Random(f"{seed}:{salt}")
