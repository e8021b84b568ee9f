"""The didactic checks: can someone pass without reading? Pure functions over a parsed activity.

Four content-blind strategies play every question or situation: always the first, always the
last, always the longest and always the shortest option (length in characters of the option's
text). First and last use the file's order (what a learner sees with `shuffle: false`), with
pinned options in their place; longest and shortest do not depend on the order. A strategy
that passes makes the pass mark meaningless, so that is an error. Two patterns that give the
answer away without being a pass on their own are warnings.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from flask_babel import gettext as _

from app.content.activities.quiz import QuizSpec
from app.content.activities.scenario import ScenarioSpec

T = TypeVar("T")
Finding = tuple[int, str, str]  # line, message, severity
Pick = Callable[[Sequence[T]], list[T]]


def _by_length(options: Sequence, extreme) -> list:
    lengths = [len(o.text.strip()) for o in options]
    best = extreme(lengths)
    return [o for o, n in zip(options, lengths) if n == best]  # a tie: any of them may be picked


STRATEGIES: dict[str, Pick] = {
    "first": lambda options: [options[0]] if options else [],
    "last": lambda options: [options[-1]] if options else [],
    "longest": lambda options: _by_length(options, max),
    "shortest": lambda options: _by_length(options, min),
}
# Dutch needs the article: "het eerste antwoord", "de eerste keuze".
ANSWERS = {"first": "steeds het eerste antwoord", "last": "steeds het laatste antwoord",
           "longest": "steeds het langste antwoord", "shortest": "steeds het kortste antwoord"}
CHOICES = {"first": "steeds de eerste keuze", "last": "steeds de laatste keuze",
           "longest": "steeds de langste keuze", "shortest": "steeds de kortste keuze"}


# -- knowledge checks -------------------------------------------------------------------------

def quiz_best_percent(spec: QuizSpec, pick: Pick) -> int:
    """The highest score the strategy can get, over every possible draw of questions."""
    if not spec.questions:
        return 0
    right = {q.id: any(q.correct_ids() == {o.id} for o in pick(q.options)) for q in spec.questions}
    asked = len(spec.questions) if spec.draw is None else min(spec.draw, len(spec.questions))
    if not spec.draw_per_topic or spec.draw is None:
        best = min(asked, sum(right.values()))
    else:  # one per topic first (the best one of each topic), then the best of the rest
        topics = {q.topic for q in spec.questions}
        topics_right = {q.topic for q in spec.questions if right[q.id]}
        best = len(topics_right) + min(max(0, asked - len(topics)), sum(right.values()) - len(topics_right))
    return round(100 * best / asked)


def check_quiz(spec: QuizSpec, first_line: int, pass_mark_line: int | None = None) -> list[Finding]:
    findings: list[Finding] = []
    if spec.pass_mark is not None:
        for name, pick in STRATEGIES.items():
            percent = quiz_best_percent(spec, pick)
            if percent >= spec.pass_mark:
                findings.append((pass_mark_line or first_line, _(
                    "wie zonder te lezen %(strategy)s kiest, haalt %(percent)s%% en slaagt (pass_mark %(mark)s): "
                    "maak de antwoorden gelijkwaardiger of zet het goede antwoord op een andere plek",
                    strategy=ANSWERS[name], percent=percent, mark=spec.pass_mark), "error"))
    single = [q for q in spec.questions if not q.multiple and q.options]
    longest_right = [q for q in single if any(o.correct for o in _by_length(q.options, max))]
    if single and len(longest_right) * 2 > len(single):
        findings.append((first_line, _(
            "in %(n)s van de %(total)s vragen met één goed antwoord is het goede antwoord het langste: "
            "maak de foute antwoorden even lang of korter het goede in", n=len(longest_right), total=len(single)),
            "warning"))
    return findings


# -- scenarios ------------------------------------------------------------------------------

def scenario_best_score(spec: ScenarioSpec, pick: Pick) -> int | None:
    """The highest score the strategy reaches, or None when it never reaches an ending (it loops).

    The strategy is the same in a situation every time it comes back there, so coming back means
    it goes round forever. With a tie (two options equally long) every way of breaking it is tried.
    """
    best: int | None = None

    def walk(here: str, taken: dict[str, str], points: int) -> None:
        nonlocal best
        if here in spec.endings:
            total = spec.endings[here].score if spec.scoring == "ending" else points
            best = total if best is None else max(best, total)
            return
        situation = spec.situations.get(here)
        if situation is None or here in taken:
            return
        for choice in pick(situation.choices):
            walk(choice.target, {**taken, here: choice.id}, points + choice.points)

    if spec.start in spec.situations:
        walk(spec.start, {}, 0)
    return best


def check_scenario(spec: ScenarioSpec, first_line: int, pass_mark_line: int | None = None) -> list[Finding]:
    findings: list[Finding] = []
    if spec.pass_mark is not None:
        for name, pick in STRATEGIES.items():
            points = scenario_best_score(spec, pick)
            if points is not None and points >= spec.pass_mark:
                findings.append((pass_mark_line or first_line, _(
                    "wie zonder te lezen %(strategy)s maakt, haalt %(points)s punten en slaagt (pass_mark %(mark)s): "
                    "zet de beste keuzes op wisselende plekken en maak de keuzes even lang",
                    strategy=CHOICES[name], points=points, mark=spec.pass_mark), "error"))
    for situation in spec.situations.values():
        if sum(c.points > 0 for c in situation.choices) == 1:
            findings.append((situation.line, _(
                "in situatie '%(id)s' levert maar één keuze punten op: geef minstens twee verdedigbare keuzes punten "
                "(of geen enkele), anders is het goede antwoord te raden", id=situation.id), "warning"))
    return findings
