"""Branching scenarios: a graph of situations, choices that lead on, and endings.

    ## situatie tribune: Onrust op de publieke tribune
    Tekst van de situatie in Markdown.

    * Je vraagt de voorzitter de vergadering te schorsen. -> schorsen +2
        Feedback bij deze keuze: waarom wel of niet.
    * Je roept terug naar de bezoeker. -> escalatie
        Feedback.

    ## einde goed: De vergadering gaat veilig verder
    Score: 10
    De nabespreking (debriefing) in Markdown.

A choice is `* tekst -> doel [punten] [{vast}]`; loops back to an earlier situation are allowed.
`{vast}` keeps a choice in its place from the file when the choices are shuffled.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from flask_babel import gettext as _

from app.content.activities.blocks import ID, dedent_feedback, split_blocks, text_of
from app.content.activities.order import arrange, rng_for
from app.content.slots import wrap

CHOICE = re.compile(r"^\*\s+(?P<text>\S.*?)\s*(?:->|→)\s*(?P<target>[^\s{]+?)(?:\s+(?P<points>[+-]?\d+))?"
                    r"(?:\s+(?P<pinned>\{vast\}))?\s*$")
SCORE = re.compile(r"^Score:\s*(?P<score>-?\d+)\s*$")
SEARCH_LIMIT = 200_000  # states; a course scenario has a few dozen

Issue = tuple[int, str]


@dataclass
class Choice:
    id: str
    text: str
    target: str
    points: int
    feedback: str
    line: int = 0
    pinned: bool = False


@dataclass
class Situation:
    id: str
    title: str
    text: str
    choices: list[Choice]
    line: int = 0

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass
class Ending:
    id: str
    title: str
    text: str
    score: int = 0
    line: int = 0


@dataclass
class ScenarioSpec:
    intro: str
    start: str
    situations: dict[str, Situation]
    endings: dict[str, Ending]
    scoring: str = "ending"  # ending: the ending's score; sum: the points of the choices made
    pass_mark: int | None = None  # points
    max_attempts: int | None = None
    counts: str = "best"
    advised: list[str] = field(default_factory=list)
    help: list[dict[str, str]] = field(default_factory=list)
    shuffle: bool = True
    feedback: str = "each"  # each: after every choice; end: only when the attempt is finished
    kind: str = field(default="scenario", init=False)

    def rendered(self, block: Callable[[str], str], inline: Callable[[str], str]) -> ScenarioSpec:
        situations = {
            key: replace(s, title=inline(s.title), text=block(s.text),
                         choices=[replace(c, text=inline(c.text), feedback=block(c.feedback)) for c in s.choices])
            for key, s in self.situations.items()
        }
        endings = {key: replace(e, title=inline(e.title), text=block(e.text)) for key, e in self.endings.items()}
        help_items = [{**item, "text": _help_text(item, block)} for item in self.help]
        return replace(self, intro=block(self.intro) if self.intro else "", situations=situations, endings=endings,
                       help=help_items)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("kind")
        # dicts keep their order in JSON; the file order is the reading order
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScenarioSpec:
        situations = {k: Situation(**{**s, "choices": [Choice(**c) for c in s["choices"]]})
                      for k, s in data["situations"].items()}
        endings = {k: Ending(**e) for k, e in data["endings"].items()}
        return cls(**{**data, "situations": situations, "endings": endings})


def _help_text(item: dict[str, str], block: Callable[[str], str]) -> str:
    """A help item with `slot:` shows the organisation's own value, its text being the fallback."""
    html = block(item.get("text", ""))
    return wrap(item["slot"], html) if item.get("slot") else html


def parse_scenario(meta: dict[str, Any], body: str, first_line: int) -> tuple[ScenarioSpec, list[Issue]]:
    intro, blocks, malformed = split_blocks(body, first_line)
    issues: list[Issue] = [(n, _("een blok begint met '## situatie <id>: <titel>' of '## einde <id>: <titel>'"))
                           for n, _line in malformed]
    situations: dict[str, Situation] = {}
    endings: dict[str, Ending] = {}
    for block in blocks:
        if block.kind not in ("situatie", "einde"):
            issues.append((block.line, _("een scenario kent '## situatie' en '## einde', niet '## %(kind)s'", kind=block.kind)))
            continue
        if not ID.match(block.id):
            issues.append((block.line, _("het id '%(id)s' mag alleen kleine letters, cijfers en streepjes bevatten", id=block.id)))
        if block.id in situations or block.id in endings:
            issues.append((block.line, _("dubbel id '%(id)s'", id=block.id)))
            continue
        if block.kind == "situatie":
            situation, found = _parse_situation(block)
            situations[block.id] = situation
        else:
            ending, found = _parse_ending(block, meta.get("scoring", "ending"))
            endings[block.id] = ending
        issues += found
    start = meta.get("start") or next(iter(situations), "")
    spec = ScenarioSpec(
        intro=text_of(intro), start=start, situations=situations, endings=endings,
        scoring=meta.get("scoring", "ending"), pass_mark=meta.get("pass_mark"), max_attempts=meta.get("max_attempts"),
        counts=meta.get("counts", "best"), advised=list(meta.get("advised") or []), help=list(meta.get("help") or []),
        shuffle=bool(meta.get("shuffle", True)), feedback=meta.get("feedback", "each"),
    )
    return spec, issues + check_graph(spec, first_line)


def _parse_situation(block) -> tuple[Situation, list[Issue]]:
    issues: list[Issue] = []
    text: list[tuple[int, str]] = []
    choices: list[tuple[int, re.Match[str], list[tuple[int, str]]]] = []
    for number, line in block.lines:
        if match := CHOICE.match(line):
            choices.append((number, match, []))
        elif choices and (line.startswith("    ") or not line.strip()):
            choices[-1][2].append((number, line))
        elif choices:
            issues.append((number, _("onverwachte tekst na de keuzes: spring feedback in met vier spaties")))
        elif line.startswith("* ") or line.startswith("- "):
            issues.append((number, _("een keuze is '* tekst -> doel', met eventueel punten erachter, zoals '-> schorsen +2'")))
        else:
            text.append((number, line))
    parsed = [
        Choice(id=f"{block.id}-{index + 1}", text=match["text"], target=match["target"],
               points=int(match["points"] or 0), feedback=dedent_feedback(feedback), line=number,
               pinned=bool(match["pinned"]))
        for index, (number, match, feedback) in enumerate(choices)
    ]
    return Situation(id=block.id, title=block.title, text=text_of(text), choices=parsed, line=block.line), issues


def _parse_ending(block, scoring: str) -> tuple[Ending, list[Issue]]:
    issues: list[Issue] = []
    score: int | None = None
    text: list[tuple[int, str]] = []
    for number, line in block.lines:
        if score is None and (match := SCORE.match(line)):
            score = int(match["score"])
        else:
            text.append((number, line))
    if score is None and scoring == "ending":
        issues.append((block.line, _("een einde heeft een regel 'Score: <getal>' nodig als de score van het einde telt")))
    return Ending(id=block.id, title=block.title, text=text_of(text), score=score or 0, line=block.line), issues


# -- checks: pure functions over the graph, shared by the validator and the editor ----------

def check_graph(spec: ScenarioSpec, first_line: int) -> list[Issue]:
    issues: list[Issue] = []
    if not spec.situations:
        return [(first_line, _("het scenario heeft geen situaties; begin er een met '## situatie <id>: <titel>'"))]
    if not spec.endings:
        issues.append((first_line, _("het scenario heeft geen einde; voeg er een toe met '## einde <id>: <titel>'")))
    if spec.start not in spec.situations:
        issues.append((first_line, _("start '%(id)s' is geen situatie", id=spec.start)))
        return issues
    for situation in spec.situations.values():
        if len(situation.choices) < 2:
            issues.append((situation.line, _("situatie '%(id)s' heeft minstens twee keuzes nodig", id=situation.id)))
        for choice in situation.choices:
            if choice.target not in spec.situations and choice.target not in spec.endings:
                issues.append((choice.line, _("deze keuze leidt naar '%(id)s', maar die situatie of dat einde bestaat niet", id=choice.target)))
            if not choice.feedback:
                issues.append((choice.line, _("deze keuze heeft geen feedback; schrijf die eronder, vier spaties ingesprongen")))
    reachable = reachable_from(spec, spec.start)
    for node in [*spec.situations.values(), *spec.endings.values()]:
        if node.id not in reachable:
            issues.append((node.line, _("geen enkele route komt bij '%(id)s'", id=node.id)))
    can_end = can_reach_ending(spec)
    for situation in spec.situations.values():
        if situation.id in reachable and situation.id not in can_end:
            issues.append((situation.line, _("vanuit '%(id)s' is geen einde te bereiken", id=situation.id)))
    issues += _check_pass_mark(spec, first_line)
    issues += _check_advised(spec, first_line)
    return issues


def reachable_from(spec: ScenarioSpec, start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        situation = spec.situations.get(todo.pop())
        for choice in situation.choices if situation else []:
            if choice.target not in seen and (choice.target in spec.situations or choice.target in spec.endings):
                seen.add(choice.target)
                todo.append(choice.target)
    return seen


def can_reach_ending(spec: ScenarioSpec) -> set[str]:
    """Situations from which some ending can be reached (fixed point, loops allowed)."""
    good = set(spec.endings)
    changed = True
    while changed:
        changed = False
        for situation in spec.situations.values():
            if situation.id not in good and any(c.target in good for c in situation.choices):
                good.add(situation.id)
                changed = True
    return good


def best_score(spec: ScenarioSpec) -> int | None:
    """The highest score any route can reach; None when the graph is too large to search."""
    reachable = reachable_from(spec, spec.start)
    if spec.scoring == "ending":
        scores = [e.score for e in spec.endings.values() if e.id in reachable]
        return max(scores) if scores else None
    best: int | None = None
    seen: set[tuple[str, frozenset[str]]] = set()
    stack: list[tuple[str, frozenset[str], int]] = [(spec.start, frozenset(), 0)]
    while stack:
        node, used, total = stack.pop()
        if node in spec.endings:
            best = total if best is None else max(best, total)
            continue
        if (node, used) in seen:
            continue
        seen.add((node, used))
        if len(seen) > SEARCH_LIMIT:
            return None
        for choice in spec.situations[node].choices:
            if choice.target in spec.situations or choice.target in spec.endings:
                gain = 0 if choice.id in used else choice.points
                stack.append((choice.target, used | {choice.id}, total + gain))
    return best


def _check_pass_mark(spec: ScenarioSpec, first_line: int) -> list[Issue]:
    if spec.pass_mark is None:
        return []
    best = best_score(spec)
    if best is not None and best < spec.pass_mark:
        return [(first_line, _("de cesuur (pass_mark %(mark)s) is met geen enkele route te halen; de hoogste score is %(best)s",
                               mark=spec.pass_mark, best=best))]
    return []


def _check_advised(spec: ScenarioSpec, first_line: int) -> list[Issue]:
    path = spec.advised
    if not path:
        return []
    if path[0] != spec.start:
        return [(first_line, _("de geadviseerde route (advised) moet beginnen bij de start '%(id)s'", id=spec.start))]
    for here, there in zip(path, path[1:]):
        situation = spec.situations.get(here)
        if situation is None or not any(c.target == there for c in situation.choices):
            return [(first_line, _("de geadviseerde route (advised) is geen route: geen keuze leidt van '%(a)s' naar '%(b)s'", a=here, b=there))]
    if path[-1] not in spec.endings:
        return [(first_line, _("de geadviseerde route (advised) moet eindigen bij een einde"))]
    points = score(spec, [c.id for c in advised_choices(spec)], path[-1])
    if not is_pass(spec, points):
        return [(first_line, _("wie de geadviseerde route (advised) volgt, slaagt niet: %(points)s punten, cesuur %(mark)s",
                               points=points, mark=spec.pass_mark))]
    return []


# -- playing and scoring -------------------------------------------------------------------

def advised_choices(spec: ScenarioSpec) -> list[Choice]:
    out = []
    for here, there in zip(spec.advised, spec.advised[1:]):
        situation = spec.situations[here]
        out.append(next(c for c in situation.choices if c.target == there))
    return out


def score(spec: ScenarioSpec, choice_ids: list[str], ending_id: str) -> int:
    """Ending mode: the ending's score. Sum mode: each choice's points, once, however often it was made."""
    if spec.scoring == "ending":
        return spec.endings[ending_id].score
    points = {c.id: c.points for s in spec.situations.values() for c in s.choices}
    return sum(points[c] for c in set(choice_ids) if c in points)


def is_pass(spec: ScenarioSpec, points: int) -> bool:
    return spec.pass_mark is None or points >= spec.pass_mark


def new_layout(spec: ScenarioSpec, seed: str) -> dict[str, Any]:
    """The order of the choices in every situation for one attempt: stored on the attempt."""
    return {"choices": {key: [c.id for c in arrange(s.choices, rng_for(seed, key), spec.shuffle)]
                        for key, s in spec.situations.items()}}


def shown_choices(situation: Situation, layout: dict[str, Any] | None) -> list[Choice]:
    """The choices in this attempt's order; an attempt from before layouts keeps the file order."""
    if not layout:
        return list(situation.choices)
    by_id = {c.id: c for c in situation.choices}
    order = [by_id[key] for key in layout["choices"].get(situation.id, []) if key in by_id]
    return order + [c for c in situation.choices if c.id not in layout["choices"].get(situation.id, [])]


def good_choices(spec: ScenarioSpec) -> set[str]:
    """The advised choice where the advised route passes; elsewhere the choices with the most points."""
    advised = {}
    for here, there in zip(spec.advised, spec.advised[1:]):
        situation = spec.situations.get(here)
        choice = next((c for c in situation.choices if c.target == there), None) if situation else None
        if choice is not None:
            advised[here] = choice.id
    good = set()
    for situation in spec.situations.values():
        if situation.id in advised:
            good.add(advised[situation.id])
        elif situation.choices:
            best = max(c.points for c in situation.choices)
            if any(c.points != best for c in situation.choices):
                good |= {c.id for c in situation.choices if c.points == best}
            else:
                good |= {c.id for c in situation.choices}  # no difference: nothing is wrong here
    return good


@dataclass
class Walk:
    """Where a route of choice ids leads: the trainer's walk-through, which records nothing."""

    taken: list[Choice]
    here: str
    ended: bool
    points: int | None = None
    passed: bool | None = None

    @property
    def last_choice(self) -> Choice | None:
        return self.taken[-1] if self.taken else None


def walk(spec: ScenarioSpec, route: list[str]) -> Walk | None:
    """None when the route names a choice that does not exist."""
    all_choices = {c.id: c for s in spec.situations.values() for c in s.choices}
    if any(c not in all_choices for c in route):
        return None
    taken = [all_choices[c] for c in route]
    here = taken[-1].target if taken else spec.start
    if here not in spec.endings:
        return Walk(taken=taken, here=here, ended=False)
    points = score(spec, route, here)
    return Walk(taken=taken, here=here, ended=True, points=points, passed=is_pass(spec, points))
