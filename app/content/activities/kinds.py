"""One class per kind of activity: everything the importer, validator, player, walk-through and
analytics need to know about a knowledge check or a scenario lives behind these few methods."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.content.activities import fairness
from app.content.activities import quiz as quiz_rules
from app.content.activities import scenario as scenario_rules
from app.content.activities.quiz import QuizSpec
from app.content.activities.scenario import ScenarioSpec

Issue = tuple[int, str]


class ActivityKind:
    """The shared shape; subclasses fill it in for their spec."""

    name = ""
    spec_class: type = object
    walk_template = ""  # the trainer's walk-through on one page; empty: one step per page
    policy_template = ""  # how it works, on the start page
    has_map = False  # the trainer can see every situation and where each choice leads
    label = tag = start_label = option_label = good_label = ""

    def score_text(self, score: int) -> str:
        raise NotImplementedError

    def parse(self, meta: dict[str, Any], body: str, first_line: int) -> tuple[Any, list[Issue]]:
        raise NotImplementedError

    def from_json(self, data: dict[str, Any]):
        return self.spec_class.from_json(data)

    def didactic(self, spec, first_line: int, pass_mark_line: int | None = None) -> list[fairness.Finding]:
        raise NotImplementedError

    def new_layout(self, spec, seed: str) -> dict[str, Any]:
        raise NotImplementedError

    def grade(self, spec, layout: dict[str, Any] | None, steps: list[tuple[str, list[str]]],
              ending: str | None) -> tuple[int, bool]:
        """(score, passed) of a finished attempt from its steps: (question or situation id, chosen ids)."""
        raise NotImplementedError

    def good_option_ids(self, spec) -> set[str]:
        """What analytics marks as the good answer or the advised choice."""
        raise NotImplementedError

    def node_options(self, spec) -> list[tuple[str, str, list[tuple[str, str, bool, str]]]]:
        """Per question or situation: (id, title, [(option id, text, good, target)]), for analytics."""
        raise NotImplementedError


class QuizKind(ActivityKind):
    name = "quiz"
    spec_class = QuizSpec
    walk_template = "authoring/walk_quiz.html"
    policy_template = "quizzes/_policy_quiz.html"
    label, tag, start_label = _l("Toets"), _l("toets"), _l("Start de toets")
    option_label, good_label = _l("Antwoord"), _l("goed")

    def score_text(self, score):
        return f"{score}%"

    def parse(self, meta, body, first_line):
        return quiz_rules.parse_quiz(meta, body, first_line)

    def didactic(self, spec, first_line, pass_mark_line=None):
        return fairness.check_quiz(spec, first_line, pass_mark_line)

    def new_layout(self, spec, seed):
        return quiz_rules.new_layout(spec, seed)

    def grade(self, spec, layout, steps, ending):
        percent = quiz_rules.score_percent(quiz_rules.asked(spec, layout), {node: set(ids) for node, ids in steps})
        return percent, quiz_rules.is_pass(spec, percent)

    def good_option_ids(self, spec):
        return {o.id for q in spec.questions for o in q.options if o.correct}

    def node_options(self, spec):
        return [(q.id, q.title, [(o.id, o.text, o.correct, "") for o in q.options]) for q in spec.questions]


class ScenarioKind(ActivityKind):
    name = "scenario"
    spec_class = ScenarioSpec
    walk_template = ""  # situation by situation, following the trainer's choices
    policy_template = "quizzes/_policy_scenario.html"
    has_map = True
    label, tag, start_label = _l("Scenario"), _l("scenario"), _l("Start het scenario")
    option_label, good_label = _l("Keuze"), _l("geadviseerd")

    def score_text(self, score):
        return ngettext("%(num)s punt", "%(num)s punten", score)

    def parse(self, meta, body, first_line):
        return scenario_rules.parse_scenario(meta, body, first_line)

    def didactic(self, spec, first_line, pass_mark_line=None):
        return fairness.check_scenario(spec, first_line, pass_mark_line)

    def new_layout(self, spec, seed):
        return scenario_rules.new_layout(spec, seed)

    def grade(self, spec, layout, steps, ending):
        points = scenario_rules.score(spec, [ids[0] for _node, ids in steps], ending)
        return points, scenario_rules.is_pass(spec, points)

    def good_option_ids(self, spec):
        return scenario_rules.good_choices(spec)

    def node_options(self, spec):
        good = self.good_option_ids(spec)
        return [(s.id, s.title, [(c.id, c.text, c.id in good, c.target) for c in s.choices])
                for s in spec.situations.values()]
