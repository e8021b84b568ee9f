"""Knowledge checks and branching scenarios: parse, check and grade, as pure functions.

A registry maps the front-matter `type` to one class per kind (CTFd-style), so the importer,
the validator, the player, the trainer's walk-through and the analytics ask the registry
instead of branching on strings.
"""
from app.content.activities.kinds import ActivityKind, QuizKind, ScenarioKind
from app.content.activities.quiz import QuizSpec
from app.content.activities.scenario import ScenarioSpec

KINDS: dict[str, ActivityKind] = {kind.name: kind for kind in (QuizKind(), ScenarioKind())}


def kind_of(name: str) -> ActivityKind:
    """The class of an activity kind; KeyError for a plain lesson."""
    return KINDS[name]


__all__ = ["KINDS", "ActivityKind", "QuizSpec", "ScenarioSpec", "kind_of"]
