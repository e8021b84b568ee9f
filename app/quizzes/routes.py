"""Playing a knowledge check or a scenario: one question or situation per page, no JavaScript needed."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.content.activities import quiz as quiz_rules
from app.content.activities import scenario as scenario_rules
from app.extensions import db
from app.learn import services as learn
from app.learn.lookup import Step, load_step
from app.learn.pages import register_activity_page
from app.quizzes import services
from app.quizzes.models import Attempt

bp = Blueprint("quizzes", __name__, url_prefix="/leren/<course_slug>/<module_slug>/<lesson_slug>")


def _activity(course_slug: str, module_slug: str, lesson_slug: str) -> Step:
    step = load_step(course_slug, module_slug, lesson_slug)
    if not step.lesson.is_activity:
        abort(404)
    return step


# The attempt with its answers in one query (every page of an attempt shows or counts them); built once.
_ATTEMPT = select(Attempt).options(joinedload(Attempt.answers)).where(Attempt.id == bindparam("attempt_id"))


def _own_attempt(step: Step, attempt_id: int) -> Attempt:
    """Another member's attempt answers 404, as if it did not exist."""
    attempt = db.session.execute(_ATTEMPT, {"attempt_id": attempt_id}).unique().scalar_one_or_none()
    if attempt is None or attempt.user_id != current_user.id or attempt.lesson_id != step.lesson.id:
        abort(404)
    return attempt


def _done(step: Step) -> frozenset[int]:
    """What the outline marks done: the member's progress, or on a refresher step what they passed in it."""
    return frozenset(step.refresher.passed) if step.refresher is not None else step.done


def _urls(step: Step) -> dict[str, str]:
    return dict(course_slug=step.course.slug, module_slug=step.lesson.module.slug, lesson_slug=step.lesson.slug)


@register_activity_page
def start_page(step: Step, context: dict):
    """The start page of a knowledge check or scenario, shown at the step's own address in learn."""
    shown = services.overview(current_user, step.lesson)
    review = learn.review_lessons(step.lesson) if shown.is_exhausted else []
    return render_template("quizzes/start.html", overview=shown, review=review, **context)


@bp.post("/pogingen")
@login_required
def start(course_slug: str, module_slug: str, lesson_slug: str):
    step = _activity(course_slug, module_slug, lesson_slug)
    if step.refresher is not None and not step.refresher.is_open:
        flash(_("Je certificaat is al vernieuwd. Een nieuwe poging is niet nodig."), "info")
        return redirect(url_for("learn.course", course_slug=step.course.slug))
    enrollment = learn.start_enrollment(current_user, step.version)
    try:
        attempt = services.start_attempt(current_user, enrollment, step.lesson)
    except services.NoAttemptsLeft:
        flash(_("Je hebt al je pogingen gebruikt."), "error")
        return redirect(url_for("learn.lesson", **_urls(step)))
    db.session.commit()
    return redirect(url_for("quizzes.play", attempt_id=attempt.id, **_urls(step)))


@bp.get("/pogingen/<int:attempt_id>")
@login_required
def play(course_slug: str, module_slug: str, lesson_slug: str, attempt_id: int):
    step = _activity(course_slug, module_slug, lesson_slug)
    attempt = _own_attempt(step, attempt_id)
    spec = services.spec_of(step.lesson)
    context = dict(step=step, attempt=attempt, spec=spec, urls=_urls(step), done=_done(step))
    return PLAY[step.lesson.kind](attempt, spec, context)


def _play_scenario(attempt: Attempt, spec, context):
    if attempt.is_finished:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id, **context["urls"]))
    last = attempt.answers[-1] if attempt.answers and spec.feedback == "each" else None
    last_choice = spec.situations[last.node].choice(last.choices[0]) if last else None
    situation = spec.situations[attempt.current]
    return render_template("quizzes/situation.html", situation=situation,
                           choices=scenario_rules.shown_choices(situation, attempt.layout),
                           last_choice=last_choice, choices_made=len(attempt.answers), **context)


def _play_quiz(attempt: Attempt, spec, context):
    answered = len(attempt.answers)
    questions = quiz_rules.asked(spec, attempt.layout)
    wanted = request.args.get("stap", type=int)
    # the feedback on an answered question; with `feedback: end` only on the result page
    if wanted is not None and 0 <= wanted < answered and spec.feedback == "each":
        answer = attempt.answers[wanted]
        question = questions[wanted]
        return render_template("quizzes/question.html", question=question, number=wanted, answer=answer,
                               options=quiz_rules.shown_options(spec, question, attempt.layout, attempt.seed),
                               answered=answered, total=len(questions), **context)
    if attempt.is_finished:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id, **context["urls"]))
    question = questions[answered]
    return render_template("quizzes/question.html", question=question, number=answered, answer=None,
                           options=quiz_rules.shown_options(spec, question, attempt.layout, attempt.seed),
                           answered=answered, total=len(questions), **context)


PLAY = {"quiz": _play_quiz, "scenario": _play_scenario}


def _answer_quiz(attempt: Attempt, spec, urls: dict) -> str:
    number = request.form.get("stap", type=int)
    if number is None:
        abort(400)
    services.answer_question(attempt, number, request.form.getlist("antwoord"))
    if spec.feedback == "end":  # straight on; the feedback waits for the result page
        return url_for("quizzes.play", **urls)
    return url_for("quizzes.play", stap=number, **urls)


def _answer_scenario(attempt: Attempt, spec, urls: dict) -> str:
    services.choose(attempt, request.form.get("situatie", ""), request.form.get("keuze", ""))
    return url_for("quizzes.play", **urls)


ANSWER = {"quiz": _answer_quiz, "scenario": _answer_scenario}


@bp.post("/pogingen/<int:attempt_id>")
@login_required
def answer(course_slug: str, module_slug: str, lesson_slug: str, attempt_id: int):
    step = _activity(course_slug, module_slug, lesson_slug)
    attempt = services.lock(attempt_id, current_user)  # None for another member's attempt
    if attempt is None or attempt.lesson_id != step.lesson.id:
        abort(404)
    urls = dict(attempt_id=attempt.id, **_urls(step))
    if not (request.form.getlist("antwoord") or request.form.get("keuze")):
        db.session.rollback()
        return redirect(url_for("quizzes.play", leeg=1, **urls) + "#foutmeldingen")
    try:
        target = ANSWER[step.lesson.kind](attempt, services.spec_of(step.lesson), urls)
    except services.StaleAnswer:
        db.session.rollback()
        flash(_("Dit antwoord was al gegeven. Je gaat verder waar je was."), "info")
        return redirect(url_for("quizzes.play", **urls))
    except services.NotOffered:
        db.session.rollback()
        abort(400)  # a choice that was never offered here: a tampered form
    db.session.commit()
    return redirect(target)


@bp.get("/pogingen/<int:attempt_id>/resultaat")
@login_required
def result(course_slug: str, module_slug: str, lesson_slug: str, attempt_id: int):
    step = _activity(course_slug, module_slug, lesson_slug)
    attempt = _own_attempt(step, attempt_id)
    if not attempt.is_finished:
        return redirect(url_for("quizzes.play", attempt_id=attempt.id, **_urls(step)))
    overview = services.overview(current_user, step.lesson)
    spec = overview.spec
    context = dict(step=step, attempt=attempt, spec=spec, overview=overview, urls=_urls(step),
                   done=_done(step), review=learn.review_lessons(step.lesson) if overview.is_exhausted else [])
    return RESULT[step.lesson.kind](attempt, spec, context)


def _quiz_result(attempt: Attempt, spec, context):
    questions = {q.id: q for q in spec.questions}
    reviewed = [(questions[a.node], a) for a in attempt.answers if a.node in questions]
    return render_template("quizzes/quiz_result.html", reviewed=reviewed, **context)


def _scenario_result(attempt: Attempt, spec, context):
    taken = [(spec.situations[a.node], spec.situations[a.node].choice(a.choices[0])) for a in attempt.answers]
    return render_template("quizzes/scenario_result.html", taken=taken, ending=spec.endings[attempt.ending],
                           advised=scenario_rules.advised_choices(spec), **context)


RESULT = {"quiz": _quiz_result, "scenario": _scenario_result}
