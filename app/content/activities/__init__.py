"""Knowledge checks and branching scenarios: parse, check and grade, as pure functions.

A registry maps the front-matter `type` to its implementation (CTFd-style), so the
importer, the player and the editor ask the registry instead of branching on strings.
"""
from app.content.activities.quiz import QuizSpec, parse_quiz
from app.content.activities.scenario import ScenarioSpec, parse_scenario

PARSERS = {"quiz": parse_quiz, "scenario": parse_scenario}
SPECS = {"quiz": QuizSpec, "scenario": ScenarioSpec}

__all__ = ["PARSERS", "SPECS", "QuizSpec", "ScenarioSpec", "parse_quiz", "parse_scenario"]
