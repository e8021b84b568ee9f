"""What learners chose, per question and per scenario choice: reads only, no names, no organisations.

Every figure is over all organisations together. A question, choice or ending is shown only when
at least MIN_PEOPLE different people are behind it; otherwise the number stays hidden, and so
does a figure from which it could be worked out (the next smallest option, a share right/wrong).
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from app.content.activities.quiz import QuizSpec
from app.content.activities.scenario import ScenarioSpec
from app.courses.models import CourseVersion, Lesson
from app.extensions import db
from app.quizzes.models import Answer, Attempt
from app.quizzes.services import spec_of

MIN_PEOPLE = 5


@dataclass
class OptionStat:
    text: str  # rendered HTML from the version
    good: bool  # the right answer, or the advised / best choice
    target: str = ""  # scenario: where the choice leads
    times: int | None = None  # None: fewer than MIN_PEOPLE people chose it
    percent: int | None = None


@dataclass
class NodeStat:
    id: str
    title: str
    people: int
    options: list[OptionStat] = field(default_factory=list)
    answers: int = 0  # one person who tries twice answers twice: options and percentages count answers
    good_percent: int | None = None  # quiz: answered right; scenario: took the good choice
    median_seconds: int | None = None

    @property
    def shown(self) -> bool:
        return self.people >= MIN_PEOPLE

    @property
    def wrong_percent(self) -> int | None:
        return None if self.good_percent is None else 100 - self.good_percent


@dataclass
class EndingStat:
    id: str
    title: str
    score: int
    times: int | None


@dataclass
class ActivityStat:
    lesson: Lesson
    people: int
    pass_percent: int | None
    nodes: list[NodeStat]
    endings: list[EndingStat] = field(default_factory=list)
    attempts: int = 0

    @property
    def shown(self) -> bool:
        return self.people >= MIN_PEOPLE

    @property
    def hardest(self) -> NodeStat | None:
        """The question or situation that most people get wrong (among those shown)."""
        candidates = [n for n in self.nodes if n.shown and n.good_percent is not None]
        return min(candidates, key=lambda n: n.good_percent) if candidates else None


def versions_with_answers(versions: list[CourseVersion]) -> set[int]:
    """Ids of the versions someone has made an attempt in (one query)."""
    return set(db.session.scalars(
        select(Lesson.version_id).join(Attempt, Attempt.lesson_id == Lesson.id)
        .where(Lesson.version_id.in_([v.id for v in versions])).distinct()
    ))


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def version_analytics(version: CourseVersion) -> list[ActivityStat]:
    """Per knowledge check and scenario of the version, in a fixed number of queries."""
    lessons = [lesson for lesson in version.lessons if lesson.is_activity]
    ids = [lesson.id for lesson in lessons]
    attempts = db.session.execute(
        select(Attempt.id, Attempt.lesson_id, Attempt.user_id, Attempt.started_at, Attempt.finished_at,
               Attempt.passed, Attempt.ending).where(Attempt.lesson_id.in_(ids))
    ).all()
    answers = db.session.execute(
        select(Answer.attempt_id, Answer.step, Answer.node, Answer.choices, Answer.correct, Answer.answered_at)
        .join(Attempt, Attempt.id == Answer.attempt_id).where(Attempt.lesson_id.in_(ids))
        .order_by(Answer.attempt_id, Answer.step)
    ).all()
    by_attempt = {a.id: a for a in attempts}
    answers_by_lesson: dict[int, list] = defaultdict(list)
    previous: dict[int, object] = {}
    for row in answers:
        attempt = by_attempt[row.attempt_id]
        before = previous.get(row.attempt_id, attempt.started_at)
        seconds = max(0, int((row.answered_at - before).total_seconds())) if before and row.answered_at else None
        previous[row.attempt_id] = row.answered_at
        answers_by_lesson[attempt.lesson_id].append((row, attempt.user_id, seconds))
    attempts_by_lesson: dict[int, list] = defaultdict(list)
    for attempt in attempts:
        attempts_by_lesson[attempt.lesson_id].append(attempt)
    return [_activity(lesson, attempts_by_lesson[lesson.id], answers_by_lesson[lesson.id]) for lesson in lessons]


def _activity(lesson: Lesson, attempts: list, answers: list) -> ActivityStat:
    spec = spec_of(lesson)
    finished = [a for a in attempts if a.finished_at is not None]
    people = len({a.user_id for a in attempts})
    passed, failed = {a.user_id for a in finished if a.passed}, {a.user_id for a in finished if not a.passed}
    safe = len(passed | failed) >= MIN_PEOPLE and share_is_safe(passed, failed)
    stat = ActivityStat(lesson=lesson, people=people, nodes=[], attempts=len(attempts),
                        pass_percent=_percent(len([a for a in finished if a.passed]), len(finished)) if safe else None)
    by_node: dict[str, list] = defaultdict(list)
    for row, user_id, seconds in answers:
        by_node[row.node].append((row, user_id, seconds))
    if isinstance(spec, QuizSpec):
        for question in spec.questions:
            stat.nodes.append(_node(question.id, question.title, by_node[question.id],
                                    [(o.id, o.text, o.correct, "") for o in question.options],
                                    good=lambda row: bool(row.correct)))
    else:
        good_choices = _good_choices(spec)
        for situation in spec.situations.values():
            stat.nodes.append(_node(situation.id, situation.title, by_node[situation.id],
                                    [(c.id, c.text, c.id in good_choices, c.target) for c in situation.choices],
                                    good=lambda row: row.choices[0] in good_choices))
        reached: dict[str, set[int]] = {key: set() for key in spec.endings}
        times: dict[str, int] = defaultdict(int)
        for attempt in finished:
            if attempt.ending in reached:
                reached[attempt.ending].add(attempt.user_id)
                times[attempt.ending] += 1
        shown = visible_cells(reached, times)
        stat.endings = [EndingStat(e.id, e.title, e.score, times[e.id] if e.id in shown else None)
                        for e in spec.endings.values()]
    return stat


def _node(node_id: str, title: str, rows: list, options: list[tuple[str, str, bool, str]], good) -> NodeStat:
    people = len({user_id for _row, user_id, _s in rows})
    stat = NodeStat(id=node_id, title=title, people=people, answers=len(rows))
    if people < MIN_PEOPLE:
        stat.options = [OptionStat(text=text, good=is_good, target=target) for _id, text, is_good, target in options]
        return stat
    chosen_by: dict[str, set[int]] = {option_id: set() for option_id, *_rest in options}
    times: dict[str, int] = defaultdict(int)
    for row, user_id, _s in rows:
        for option_id in row.choices:
            if option_id in chosen_by:
                chosen_by[option_id].add(user_id)
            times[option_id] += 1
    shown = visible_cells(chosen_by, times)
    for option_id, text, is_good, target in options:
        visible = option_id in shown
        stat.options.append(OptionStat(text=text, good=is_good, target=target,
                                       times=times[option_id] if visible else None,
                                       percent=_percent(times[option_id], len(rows)) if visible else None))
    if share_is_safe({u for row, u, _s in rows if good(row)}, {u for row, u, _s in rows if not good(row)}):
        stat.good_percent = _percent(sum(bool(good(row)) for row, _u, _s in rows), len(rows))
    seconds = [s for _r, _u, s in rows if s is not None]
    stat.median_seconds = round(statistics.median(seconds)) if seconds else None
    return stat


def visible_cells(people: dict[str, set[int]], times: dict[str, int]) -> set[str]:
    """The cells (options, endings) that may show a number: at least MIN_PEOPLE people each. When one
    small group would follow from the total minus the others, the next smallest cell is hidden too."""
    shown = {key for key, group in people.items() if len(group) >= MIN_PEOPLE}
    small = [key for key, group in people.items() if group and key not in shown]
    if len(small) == 1 and shown:
        shown.discard(min(shown, key=lambda key: times[key]))
    return shown


def share_is_safe(yes: set[int], no: set[int]) -> bool:
    """A percentage (right/wrong, passed/failed) would give away a group of 1 to 4 people otherwise."""
    return all(not group or len(group) >= MIN_PEOPLE for group in (yes, no))


def _good_choices(spec: ScenarioSpec) -> set[str]:
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
