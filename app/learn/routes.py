from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.courses import version_cache
from app.db_types import local_day
from app.courses.models import CourseAsset, Lesson
from app.db_types import utcnow
from app.extensions import db
from app.assignments.services import deadlines_for
from app.learn import kept_lesson, refresher, retake, services
from app.learn.lookup import load_step, open_course
from app.learn.pages import activity_page
from app.learn.task_list import task_list

bp = Blueprint("learn", __name__, url_prefix="/leren")


def lesson_url(course_slug: str, lesson: Lesson) -> str:
    return url_for("learn.lesson", course_slug=course_slug, module_slug=lesson.module.slug, lesson_slug=lesson.slug)


@bp.get("/")
@login_required
def dashboard():
    cards = services.course_cards(current_user, deadlines_for(current_user))
    # Only a completed course can have a certificate to renew: no query for members without one.
    completed = any(card.enrollment and card.enrollment.completed_at for card in cards)
    every_offer = refresher.offers_for(current_user) if completed else {}
    offers = {course_id: offer for course_id, offer in every_offer.items() if offer.is_open}
    retakes = retake.retakes_for(current_user, every_offer) if completed else {}
    return render_template("learn/dashboard.html", cards=cards, today=local_day(utcnow()), offers=offers,
                           retakes=retakes, refresher_entry=refresher.entry,
                           now=utcnow())


@bp.get("/<course_slug>")
@login_required
def course(course_slug: str):
    opened = open_course(course_slug)
    kept = version_cache.outline(opened.version.id)
    outline, done = kept.modules, opened.done
    resume = services.resume_lesson(outline, done)
    completed = opened.enrollment is not None and opened.enrollment.completed_at is not None
    offers = refresher.offers_for(current_user) if completed else {}
    offer = offers.get(opened.course.id)
    again = retake.retakes_for(current_user, offers).get(opened.course.id) if completed else None
    return render_template(
        "learn/course.html", course=opened.course, version=opened.version, outline=outline, done=done,
        total=len(kept.ordered), enrollment=opened.enrollment, resume=resume, offer=offer, retake=again,
        refresher_steps=refresher.steps(offer) if offer else [], refresher_entry=refresher.entry(offer) if offer else None,
        now=utcnow(),
        kept_task_list=task_list(opened.course.slug, opened.version, kept, done, resume.id if resume else None),
    )


@bp.post("/<course_slug>/opnieuw")
@login_required
def take_again(course_slug: str):
    """"Training opnieuw doen": a new round on the newest version once the certificate ran out.
    A second press finds the round started and just shows the course."""
    opened = open_course(course_slug)
    offers = refresher.offers_for(current_user) if opened.enrollment else {}
    offer = retake.retakes_for(current_user, offers).get(opened.course.id) if opened.enrollment else None
    if offer is not None and retake.start_round(opened.enrollment, offer.version_id, utcnow()):
        db.session.commit()
        flash(_("Je doet de training opnieuw. Rond je hem af, dan krijg je een nieuw certificaat."), "success")
    elif not (opened.enrollment and opened.enrollment.round_started_at and opened.enrollment.completed_at is None):
        if offers.get(opened.course.id):
            flash(_("Je kunt deze training nu niet opnieuw doen. Vernieuw je certificaat met de opfriscursus."), "error")
        else:
            flash(_("Je kunt deze training nu niet opnieuw doen. Dat kan als je certificaat (bijna) verlopen is."),
                  "error")
    return redirect(url_for("learn.course", course_slug=opened.course.slug))


@bp.get("/<course_slug>/verder")
@login_required
def resume(course_slug: str):
    """The dashboard's "Ga verder": straight to the first lesson not yet done (the course page when all are)."""
    opened = open_course(course_slug)
    outline = version_cache.outline(opened.version.id).modules
    following = services.resume_lesson(outline, opened.done)
    if following is None:
        return redirect(url_for("learn.course", course_slug=opened.course.slug))
    return redirect(lesson_url(opened.course.slug, following))


@bp.get("/<course_slug>/<module_slug>/<lesson_slug>")
@login_required
def lesson(course_slug: str, module_slug: str, lesson_slug: str):
    step = load_step(course_slug, module_slug, lesson_slug)
    context = step.page_context(step.done)
    if step.lesson.is_activity:
        return activity_page(step, context)
    if kept_lesson.can_keep(step):
        return kept_lesson.lesson_page(step, context)
    return render_template("learn/lesson.html", **context)


@bp.post("/<course_slug>/<module_slug>/<lesson_slug>/klaar")
@login_required
def complete(course_slug: str, module_slug: str, lesson_slug: str):
    step = load_step(course_slug, module_slug, lesson_slug)
    if step.lesson.is_activity:
        abort(400)  # a knowledge check or scenario is done by passing it
    enrollment = services.start_enrollment(current_user, step.version)  # the page only read its state
    finished = services.complete_lesson(enrollment, step.lesson)
    db.session.commit()
    if finished:
        flash(_("Gefeliciteerd: je hebt de cursus „%(title)s” afgerond.", title=step.version.title), "success")
        return redirect(url_for("learn.course", course_slug=step.course.slug))
    following = step.next or services.resume_lesson(step.outline, services.done_lesson_ids(enrollment))
    if following is None:
        return redirect(url_for("learn.course", course_slug=step.course.slug))
    return redirect(lesson_url(step.course.slug, following))


@bp.get("/media/<int:version_id>/<path:path>")
@login_required
def media(version_id: int, path: str):
    asset = db.session.scalar(select(CourseAsset).where(CourseAsset.version_id == version_id, CourseAsset.path == path))
    if asset is None:
        abort(404)
    response = Response(asset.data, mimetype=asset.content_type)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"  # versions never change
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
