"""Playing knowledge checks and scenarios. Services flush; the request commits.

Every answer is checked against the attempt's current state under a row lock, and
(attempt, step) is unique in the database: refreshing, the back button, a second tab or
two requests at the same moment can never record a step twice or move an attempt wrongly.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.content.activities import kind_of
from app.content.activities import quiz as quiz_rules
from app.content.activities.quiz import QuizSpec
from app.content.activities.scenario import ScenarioSpec
from app.courses.models import CourseVersion, Lesson, Module
from app.db_types import utcnow
from app.extensions import db
from app.learn import services as learn
from app.learn.models import Enrollment
from app.learn.signals import refresher_attempt_finished
from app.quizzes.models import Answer, Attempt, AttemptGrant


class AttemptError(Exception):
    """The answer cannot be recorded; the message says why, in words for the member."""


class NoAttemptsLeft(AttemptError):
    pass


class StaleAnswer(AttemptError):
    """The form was for a step that is already answered (back button, second tab, double click)."""


class NotOffered(AttemptError):
    """The posted choice is not one of those offered at this step: a tampered form."""


def spec_of(lesson: Lesson) -> QuizSpec | ScenarioSpec:
    if not lesson.is_activity:
        raise ValueError(f"{lesson.kind} is not an activity")
    return kind_of(lesson.kind).from_json(lesson.spec or {})


def attempts_of(user: User, lesson: Lesson) -> list[Attempt]:
    """The member's attempts at the step in their current round of the course."""
    return in_round(_attempts(user.id, lesson.id), round_start(user.id, lesson))


def round_start(user_id: int, lesson: Lesson):
    """When the member began the course again (None: never); the refresher has its own window."""
    return db.session.scalar(
        select(Enrollment.round_started_at)
        .join(CourseVersion, CourseVersion.course_id == Enrollment.course_id)
        .join(Module, Module.version_id == CourseVersion.id)
        .where(Enrollment.user_id == user_id, Module.id == lesson.module_id, Module.is_refresher.is_(False)))


def in_round(attempts: list[Attempt], since) -> list[Attempt]:
    """Attempts of an earlier round stay for history and analytics; they no longer count."""
    return attempts if since is None else [a for a in attempts if a.started_at >= since]


def _attempts(user_id: int, lesson_id: int) -> list[Attempt]:
    return list(db.session.scalars(
        select(Attempt).where(Attempt.user_id == user_id, Attempt.lesson_id == lesson_id)
        .options(selectinload(Attempt.answers)).order_by(Attempt.number)
    ))


def open_attempt(attempts: list[Attempt]) -> Attempt | None:
    return next((a for a in attempts if not a.is_finished), None)


def counted(spec: QuizSpec | ScenarioSpec, attempts: list[Attempt]) -> Attempt | None:
    """The finished attempt that counts under the policy: the best, or the last."""
    finished = [a for a in attempts if a.is_finished]
    if not finished:
        return None
    if spec.counts == "last":
        return finished[-1]
    return max(finished, key=lambda a: (bool(a.passed), a.score or 0, -a.number))


def attempts_left(spec: QuizSpec | ScenarioSpec, attempts: list[Attempt], granted: int = 0) -> int | None:
    """None means unlimited; `granted` are the extra attempts the griffie gave."""
    if spec.max_attempts is None:
        return None
    return max(0, spec.max_attempts + granted - len(attempts))


def granted(user_id: int, lesson_id: int, since=None) -> int:
    """Extra attempts the griffie gave, in the current round (from `since` on)."""
    query = select(func.coalesce(func.sum(AttemptGrant.attempts), 0)).where(
        AttemptGrant.user_id == user_id, AttemptGrant.lesson_id == lesson_id)
    if since is not None:
        query = query.where(AttemptGrant.granted_at >= since)
    return db.session.scalar(query) or 0


def grant_attempts(member: User, lesson: Lesson, by: User) -> AttemptGrant:
    """Give a member a fresh set of attempts (max_attempts more) at one activity."""
    spec = spec_of(lesson)
    grant = AttemptGrant(user_id=member.id, lesson_id=lesson.id, attempts=spec.max_attempts or 1, granted_by_id=by.id)
    db.session.add(grant)
    db.session.flush()
    return grant


def start_attempt(user: User, enrollment: Enrollment, lesson: Lesson) -> Attempt:
    """The member's unfinished attempt, or a new one when the policy allows it."""
    spec = spec_of(lesson)
    every = _attempts(user.id, lesson.id)
    since = round_start(user.id, lesson)
    attempts = in_round(every, since)
    existing = open_attempt(attempts)
    if existing is not None:
        return existing
    if attempts_left(spec, attempts, granted(user.id, lesson.id, since)) == 0:
        raise NoAttemptsLeft("Je hebt al je pogingen gebruikt.")
    seed = new_seed()
    attempt = Attempt(user_id=user.id, enrollment_id=enrollment.id, lesson_id=lesson.id, number=len(every) + 1,
                      seed=seed, layout=kind_of(lesson.kind).new_layout(spec, seed),
                      current=getattr(spec, "start", None))
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # a double click started the same attempt a moment ago
        existing = open_attempt(attempts_of(user, lesson))
        if existing is None:
            raise
        return existing
    return attempt


def new_seed() -> str:
    """Each attempt gets its own order and draw; a retry is not the same test."""
    return secrets.token_hex(8)


def lock(attempt_id: int, user: User) -> Attempt | None:
    """The member's own attempt, locked for the rest of the transaction (PostgreSQL); None for anyone else's."""
    return db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user.id)
        .with_for_update().execution_options(populate_existing=True)
    )


def _answered(attempt: Attempt) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer).where(Answer.attempt_id == attempt.id)) or 0


def _record(attempt: Attempt, step: int, node: str, choices: list[str], correct: bool | None, points: int) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(Answer(attempt_id=attempt.id, step=step, node=node, choices=choices,
                                  correct=correct, points=points))
    except IntegrityError as exc:
        raise StaleAnswer("Deze stap is al beantwoord.") from exc


def answer_question(attempt: Attempt, step: int, option_ids: list[str]) -> None:
    """Record the answer to question `step` of a knowledge check; finishes the attempt after the last."""
    spec = spec_of(attempt.lesson)
    assert isinstance(spec, QuizSpec)
    if attempt.is_finished or step != _answered(attempt):
        raise StaleAnswer("Deze vraag is al beantwoord.")
    questions = quiz_rules.asked(spec, attempt.layout)
    if not 0 <= step < len(questions):
        raise NotOffered("Deze vraag bestaat niet.")
    question = questions[step]
    chosen = set(option_ids)
    if not chosen:
        raise NotOffered("Kies een antwoord.")
    if not chosen <= {o.id for o in question.options} or (not question.multiple and len(chosen) != 1):
        raise NotOffered("Dit antwoord hoort niet bij deze vraag.")
    correct = quiz_rules.is_correct(question, chosen)
    _record(attempt, step, question.id, sorted(chosen), correct, int(correct))
    if step == len(questions) - 1:
        _finish(attempt, spec)


def choose(attempt: Attempt, node: str, choice_id: str) -> None:
    """Take a choice at the scenario's current situation; finishes the attempt at an ending."""
    spec = spec_of(attempt.lesson)
    assert isinstance(spec, ScenarioSpec)
    if attempt.is_finished or attempt.current != node:
        raise StaleAnswer("Deze keuze is al gemaakt.")
    situation = spec.situations.get(node)
    choice = situation.choice(choice_id) if situation else None
    if choice is None:
        raise NotOffered("Deze keuze hoort niet bij deze situatie.")
    _record(attempt, _answered(attempt), node, [choice.id], None, choice.points)
    if choice.target in spec.endings:
        attempt.current = None
        attempt.ending = choice.target
        _finish(attempt, spec)
    else:
        attempt.current = choice.target
    db.session.flush()


def _finish(attempt: Attempt, spec: QuizSpec | ScenarioSpec) -> None:
    """Grade the attempt by its kind's rules, and mark the step done or not under the counting policy."""
    db.session.flush()
    db.session.refresh(attempt, ["answers"])
    steps = [(a.node, list(a.choices)) for a in attempt.answers]
    attempt.score, attempt.passed = kind_of(attempt.lesson.kind).grade(spec, attempt.layout, steps, attempt.ending)
    attempt.finished_at = utcnow()
    db.session.flush()
    if attempt.lesson.module.is_refresher:  # no progress on the course path; certificates decide on renewal
        refresher_attempt_finished.send(attempt)
        return
    enrollment = db.session.get(Enrollment, attempt.enrollment_id)
    best = counted(spec, in_round(_attempts(attempt.user_id, attempt.lesson_id), enrollment.round_started_at))
    if best is not None and best.passed:
        learn.record_done(enrollment, attempt.lesson)
        learn.check_completion(enrollment)
    else:
        learn.clear_done(enrollment, attempt.lesson)


@dataclass
class Overview:
    """What the start page of a knowledge check or scenario shows."""

    spec: QuizSpec | ScenarioSpec
    attempts: list[Attempt]
    open: Attempt | None
    counted: Attempt | None
    left: int | None
    granted: int = 0

    @property
    def can_start(self) -> bool:
        return self.open is None and self.left != 0

    @property
    def is_exhausted(self) -> bool:
        """Every attempt used without passing: the member needs the griffie for new ones."""
        return self.open is None and self.left == 0 and not (self.counted and self.counted.passed)

    @classmethod
    def untried(cls, spec: QuizSpec | ScenarioSpec) -> Overview:
        """As someone sees it who has made no attempt yet (the trainer's preview)."""
        return cls(spec=spec, attempts=[], open=None, counted=None, left=spec.max_attempts)


def overview(user: User, lesson: Lesson) -> Overview:
    spec = spec_of(lesson)
    since = round_start(user.id, lesson)
    attempts = in_round(_attempts(user.id, lesson.id), since)
    extra = granted(user.id, lesson.id, since)
    return Overview(spec=spec, attempts=attempts, open=open_attempt(attempts), counted=counted(spec, attempts),
                    left=attempts_left(spec, attempts, extra), granted=extra)


def exhausted_activities(user: User) -> list[Lesson]:
    """The activities at which the member used every attempt without passing (a fixed number of queries)."""
    attempts = list(db.session.scalars(
        select(Attempt).where(Attempt.user_id == user.id)
        .options(selectinload(Attempt.lesson).selectinload(Lesson.module))
        .order_by(Attempt.lesson_id, Attempt.number)))
    rounds = dict(db.session.execute(
        select(Enrollment.id, Enrollment.round_started_at).where(Enrollment.user_id == user.id)).all())
    grants = db.session.execute(select(AttemptGrant.lesson_id, AttemptGrant.attempts, AttemptGrant.granted_at)
                                .where(AttemptGrant.user_id == user.id)).all()
    by_lesson: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_lesson.setdefault(attempt.lesson_id, []).append(attempt)
    out = []
    for every in by_lesson.values():
        lesson = every[-1].lesson
        since = None if lesson.module.is_refresher else rounds.get(every[-1].enrollment_id)
        lesson_attempts = in_round(every, since)
        if not lesson_attempts:
            continue  # nothing tried in the current round yet
        extra = sum(n for lesson_id, n, at in grants if lesson_id == lesson.id and (since is None or at >= since))
        spec = spec_of(lesson)
        best = counted(spec, lesson_attempts)
        if (open_attempt(lesson_attempts) is None and not (best and best.passed)
                and attempts_left(spec, lesson_attempts, extra) == 0):
            out.append(lesson)
    return out
