"""Knowledge checks: single and multiple choice questions with feedback per option.

    ## vraag herkennen: Welke situatie is intimidatie?
    Vraagtekst in Markdown.

    ( ) Een fel, kritisch e-mailbericht over je stemgedrag.
        Feedback bij deze keuze, vier spaties ingesprongen.
    (x) Iemand zegt dat hij weet waar je kinderen op school zitten.
        Feedback.

    Hint: een hint die de deelnemer kan openklappen.
    Uitleg: de uitleg na het antwoorden.

`( )`/`(x)` is één antwoord kiezen, `[ ]`/`[x]` is meer antwoorden kiezen. An option ending in
` {vast}` keeps its place when the options are shuffled; an optional `Onderwerp: <slug>` line right
under the heading gives the question a topic for `draw_per_topic`.
"""
from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from flask_babel import gettext as _

from app.content.activities.blocks import ID, dedent_feedback, split_blocks, text_of
from app.content.activities.order import arrange, rng_for

OPTION = re.compile(r"^(?P<box>\(\s?\)|\([xX]\)|\[\s?\]|\[[xX]\])\s+(?P<text>\S.*)$")
HINT = re.compile(r"^Hint:\s*(?P<text>.*)$")
EXPLANATION = re.compile(r"^Uitleg:\s*(?P<text>.*)$")
TOPIC = re.compile(r"^Onderwerp:\s*(?P<topic>\S*)\s*$")
PINNED = re.compile(r"\s+\{vast\}\s*$")

Issue = tuple[int, str]


@dataclass
class Option:
    id: str
    text: str
    correct: bool
    feedback: str
    line: int = 0
    pinned: bool = False


@dataclass
class Question:
    id: str
    title: str
    text: str
    multiple: bool
    options: list[Option]
    hint: str = ""
    explanation: str = ""
    line: int = 0
    topic: str = ""

    def correct_ids(self) -> set[str]:
        return {option.id for option in self.options if option.correct}

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass
class QuizSpec:
    intro: str
    questions: list[Question]
    pass_mark: int | None = None  # percent
    max_attempts: int | None = None  # None: unlimited
    counts: str = "best"  # which attempt counts: best or last
    shuffle: bool = True
    draw: int | None = None  # None: every question, every attempt
    draw_per_topic: bool = False
    feedback: str = "each"  # each: after every answer; end: only when the attempt is finished
    kind: str = field(default="quiz", init=False)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def rendered(self, block: Callable[[str], str], inline: Callable[[str], str]) -> QuizSpec:
        questions = [
            replace(q, title=inline(q.title), text=block(q.text), hint=block(q.hint) if q.hint else "",
                    explanation=block(q.explanation) if q.explanation else "",
                    options=[replace(o, text=inline(o.text), feedback=block(o.feedback)) for o in q.options])
            for q in self.questions
        ]
        return replace(self, intro=block(self.intro) if self.intro else "", questions=questions)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("kind")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizSpec:
        questions = [Question(**{**q, "options": [Option(**o) for o in q["options"]]}) for q in data["questions"]]
        return cls(**{**data, "questions": questions})


def parse_quiz(meta: dict[str, Any], body: str, first_line: int) -> tuple[QuizSpec, list[Issue]]:
    intro, blocks, malformed = split_blocks(body, first_line)
    issues: list[Issue] = [(n, _("een vraag begint met '## vraag <id>: <vraag>'")) for n, _line in malformed]
    questions: list[Question] = []
    seen: set[str] = set()
    for block in blocks:
        if block.kind != "vraag":
            issues.append((block.line, _("in een toets begint elk blok met '## vraag', niet '## %(kind)s'", kind=block.kind)))
            continue
        if not ID.match(block.id):
            issues.append((block.line, _("het id '%(id)s' mag alleen kleine letters, cijfers en streepjes bevatten", id=block.id)))
        if block.id in seen:
            issues.append((block.line, _("dubbel id '%(id)s'", id=block.id)))
        seen.add(block.id)
        question, found = _parse_question(block)
        issues += found
        questions.append(question)
    if not questions:
        issues.append((first_line, _("de toets heeft geen vragen; begin een vraag met '## vraag <id>: <vraag>'")))
    spec = QuizSpec(
        intro=text_of(intro), questions=questions, pass_mark=meta.get("pass_mark"),
        max_attempts=meta.get("max_attempts"), counts=meta.get("counts", "best"), shuffle=bool(meta.get("shuffle", True)),
        draw=meta.get("draw"), draw_per_topic=bool(meta.get("draw_per_topic", False)),
        feedback=meta.get("feedback", "each"),
    )
    return spec, issues + _check_draw(spec, first_line)


def _check_draw(spec: QuizSpec, first_line: int) -> list[Issue]:
    if spec.draw is None:
        if spec.draw_per_topic:
            return [(first_line, _("draw_per_topic werkt alleen samen met draw: <aantal vragen>"))]
        return []
    if isinstance(spec.draw, int) and spec.questions and spec.draw > len(spec.questions):
        return [(first_line, _("draw is %(n)s, maar de toets heeft maar %(m)s vragen", n=spec.draw, m=len(spec.questions)))]
    if not spec.draw_per_topic:
        return []
    untopical = [q for q in spec.questions if not q.topic]
    if untopical:
        return [(q.line, _("met draw_per_topic heeft elke vraag een regel 'Onderwerp: <naam>' onder de kop nodig"))
                for q in untopical]
    topics = {q.topic for q in spec.questions}
    if isinstance(spec.draw, int) and spec.draw < len(topics):
        return [(first_line, _("draw_per_topic trekt minstens één vraag per onderwerp: draw moet minstens %(n)s zijn "
                               "(het aantal onderwerpen)", n=len(topics)))]
    return []


def _parse_question(block) -> tuple[Question, list[Issue]]:
    issues: list[Issue] = []
    text: list[tuple[int, str]] = []
    options: list[tuple[int, re.Match[str], list[tuple[int, str]]]] = []
    hint = ""
    topic = ""
    explanation: list[tuple[int, str]] | None = None
    lines = list(block.lines)
    first = next((i for i, (_n, line) in enumerate(lines) if line.strip()), None)
    if first is not None and (match := TOPIC.match(lines[first][1])):
        topic = match["topic"]
        if not ID.match(topic):
            issues.append((lines[first][0], _("een onderwerp is een naam met kleine letters, cijfers en streepjes, "
                                              "zoals 'online'")))
        del lines[first]
    for number, line in lines:
        if explanation is not None:
            explanation.append((number, line))
        elif match := OPTION.match(line):
            options.append((number, match, []))
        elif match := HINT.match(line):
            hint = match["text"].strip()
        elif match := EXPLANATION.match(line):
            explanation = [(number, match["text"])]
        elif options and (line.startswith("    ") or not line.strip()):
            options[-1][2].append((number, line))
        elif options:
            issues.append((number, _("onverwachte tekst na de antwoorden: spring feedback in met vier spaties, "
                                     "of begin met 'Hint:' of 'Uitleg:'")))
        else:
            text.append((number, line))
    parsed = []
    for index, (number, match, feedback) in enumerate(options):
        box = match["box"]
        label = match["text"].strip()
        pinned = bool(PINNED.search(label))
        parsed.append(Option(id=string.ascii_lowercase[index], text=PINNED.sub("", label),
                             correct="x" in box.lower(), feedback=dedent_feedback(feedback), line=number, pinned=pinned))
        if not parsed[-1].feedback:
            issues.append((number, _("dit antwoord heeft geen feedback; schrijf die eronder, vier spaties ingesprongen")))
    boxes = {match["box"][0] for _n, match, _f in options}
    multiple = boxes == {"["}
    if len(parsed) < 2:
        issues.append((block.line, _("een vraag heeft minstens twee antwoorden nodig")))
    elif len(boxes) > 1:
        issues.append((block.line, _("gebruik in één vraag óf ( ) voor één antwoord, óf [ ] voor meer antwoorden")))
    elif not multiple and sum(o.correct for o in parsed) != 1:
        issues.append((block.line, _("een vraag met ( ) heeft precies één goed antwoord (x) nodig")))
    elif multiple and not any(o.correct for o in parsed):
        issues.append((block.line, _("een vraag met [ ] heeft minstens één goed antwoord [x] nodig")))
    question = Question(id=block.id, title=block.title, text=text_of(text), multiple=multiple, options=parsed,
                        hint=hint, explanation=text_of(explanation or []), line=block.line, topic=topic)
    return question, issues


# -- grading: pure functions over the spec -------------------------------------------

def is_correct(question: Question, chosen: set[str]) -> bool:
    """Multiple choice is all or nothing: exactly the right set."""
    return chosen == question.correct_ids()


def score_percent(questions: list[Question], answers: dict[str, set[str]]) -> int:
    """The share of the asked questions (the drawn ones) answered right."""
    if not questions:
        return 0
    correct = sum(is_correct(q, answers.get(q.id, set())) for q in questions)
    return round(100 * correct / len(questions))


def is_pass(spec: QuizSpec, percent: int) -> bool:
    return percent >= (spec.pass_mark or 0)


def option_order(question: Question, seed: str, shuffle: bool) -> list[Option]:
    """The same order for the same seed, however often the page is loaded; pinned options stay put."""
    return arrange(question.options, rng_for(seed, question.id), shuffle)


def draw_questions(spec: QuizSpec, seed: str) -> list[Question]:
    """The questions of one attempt, in file order: all of them, or `draw` of them (per topic at least one)."""
    if spec.draw is None or spec.draw >= len(spec.questions):
        return list(spec.questions)
    rng = rng_for(seed, "draw")
    chosen: list[Question] = []
    if spec.draw_per_topic:
        topics = sorted({q.topic for q in spec.questions})
        chosen = [rng.choice([q for q in spec.questions if q.topic == topic]) for topic in topics]
    rest = [q for q in spec.questions if q not in chosen]
    chosen += rng.sample(rest, max(0, spec.draw - len(chosen)))
    return [q for q in spec.questions if q in chosen]


def new_layout(spec: QuizSpec, seed: str) -> dict[str, Any]:
    """What one attempt asks, in which order: stored on the attempt."""
    questions = draw_questions(spec, seed)
    return {"questions": [q.id for q in questions],
            "options": {q.id: [o.id for o in option_order(q, seed, spec.shuffle)] for q in questions}}


def asked(spec: QuizSpec, layout: dict[str, Any] | None) -> list[Question]:
    """The attempt's questions; an attempt from before layouts existed asks them all."""
    if not layout:
        return list(spec.questions)
    by_id = {q.id: q for q in spec.questions}
    return [by_id[key] for key in layout["questions"] if key in by_id]


def shown_options(spec: QuizSpec, question: Question, layout: dict[str, Any] | None, seed: str) -> list[Option]:
    """The options in the order this attempt shows them."""
    if not layout:  # an attempt from before layouts: the old rule, the spec's own shuffle flag
        return option_order(question, seed, spec.shuffle)
    by_id = {o.id: o for o in question.options}
    return [by_id[key] for key in layout["options"].get(question.id, []) if key in by_id]
