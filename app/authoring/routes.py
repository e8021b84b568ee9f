"""The trainers' workspace. Thin: load, check, call a service, commit, render."""
from __future__ import annotations

from dataclasses import replace

from flask import (Blueprint, Response, abort, current_app, flash, g, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import jobs
from app.audit.services import record_request
from app.auth.models import Role
from app.authoring import analytics, services
from app.authoring import jobs as authoring_jobs  # noqa: F401  (registers the job kind)
from app.authoring.forms import (DeleteForm, DiscardForm, FileForm, ImageForm, ImportForm, NewFileForm, PublishForm,
                                 RollbackForm)
from app.authoring.models import CourseDraft, Publication
from app.authoring.preview import PreviewInvalid, draft_preview, needed_for
from app.content.activities import kind_of
from app.content.activities import scenario as scenario_rules
from app.courses.models import Course, CourseVersion
from app.courses.services import ContentInvalid, is_newest, latest_version, newest_numbers
from app.extensions import db
from app.permissions import roles_required
from app.learn.lookup import Step
from app.quizzes.services import Overview, spec_of

bp = Blueprint("authoring", __name__, url_prefix="/auteur")
AUTHORS = (Role.TRAINER, Role.ADMIN)
PER_PAGE = 20


@bp.before_request
@roles_required(*AUTHORS)
def _authors_only():
    """Every route here is for trainers and administrators; the decorators below say so again."""
    return None


def _course(slug: str) -> Course:
    course = services.find_course(slug)
    if course is None:
        abort(404)
    return course


def _draft(slug: str) -> CourseDraft:
    """The course's draft. Made once, on first use of any page, and committed at once: otherwise a
    page that commits nothing (a preview) would hold an uncommitted draft another request waits for."""
    course = _course(slug)
    draft = services.find_draft(course)
    if draft is None:
        draft = services.open_draft(course, current_user)
        db.session.commit()
    return draft


def _version(course: Course, number: int | None) -> CourseVersion:
    version = db.session.scalar(select(CourseVersion).where(CourseVersion.course_id == course.id,
                                                            CourseVersion.number == number))
    if version is None:
        abort(404)
    return version


# -- courses and files -----------------------------------------------------------------------

@bp.get("/")
@roles_required(*AUTHORS)
def courses():
    """Every course with its newest version and whether its draft has unpublished changes; a page at a time."""
    newest = newest_numbers()
    page = db.paginate(select(CourseVersion).join(newest, is_newest(newest))
                       .options(selectinload(CourseVersion.course)).order_by(CourseVersion.title), per_page=PER_PAGE)
    drafts = {d.course_id: d for d in db.session.scalars(
        select(CourseDraft).where(CourseDraft.course_id.in_([v.course_id for v in page.items]))
        .options(selectinload(CourseDraft.assets), selectinload(CourseDraft.updated_by)))}
    return render_template("authoring/courses.html", page=page, drafts=drafts,
                           changed=services.unpublished(drafts, page.items))


@bp.get("/<slug>")
@roles_required(*AUTHORS)
def course(slug: str):
    draft = _draft(slug)
    problems = services.validate_draft(draft)
    by_file: dict[str, list] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    return render_template("authoring/course.html", draft=draft, course=draft.course, problems=problems,
                           by_file=by_file, latest=latest_version(draft.course), changed=services.has_changes(draft),
                           stale=services.is_stale(draft), discard_form=DiscardForm())


@bp.route("/<slug>/bestand/<path:path>", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def edit(slug: str, path: str):
    draft = _draft(slug)
    if path not in draft.files:
        abort(404)
    form = FileForm(data={"text": draft.files[path], "based_on": services.text_hash(draft.files[path])}
                    if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.save_file(draft, path, form.text.data or "", current_user, form.based_on.data or None)
        except services.EditConflict as exc:
            db.session.rollback()
            form.text.errors.append(exc.message)
            return _editor(draft, path, form)
        db.session.commit()
        problems = [p for p in services.validate_draft(draft) if p.path == path]
        errors = sum(p.is_error for p in problems)
        if problems:
            flash(_("Opgeslagen. De controle vond %(errors)s fout(en) en %(warnings)s waarschuwing(en) in dit bestand.",
                    errors=errors, warnings=len(problems) - errors), "error" if errors else "info")
        else:
            flash(_("Opgeslagen. De controle vond geen problemen in dit bestand."), "success")
        return redirect(url_for("authoring.edit", slug=slug, path=path))
    db.session.commit()
    return _editor(draft, path, form)


def _editor(draft: CourseDraft, path: str, form: FileForm):
    problems = services.validate_draft(draft)
    here = [p for p in problems if p.path == path]
    elsewhere = [p for p in problems if p.path != path]
    return render_template("authoring/edit.html", draft=draft, course=draft.course, path=path, form=form,
                           problems=here, elsewhere=elsewhere, delete_form=DeleteForm(),
                           preview_url=_preview_url_for(draft.course.slug, path))


def _preview_url_for(slug: str, path: str) -> str:
    """Where the preview of a file is: a lesson's page, or the course page for course.md and module.md."""
    parts = path.split("/")
    if len(parts) == 2 and parts[1].endswith(".md") and parts[1] != "module.md":
        module = parts[0].split("-", 1)[-1]
        lesson = parts[1][:-3].split("-", 1)[-1]
        return url_for("authoring.preview_lesson", slug=slug, module_slug=module, lesson_slug=lesson)
    return url_for("authoring.preview_course", slug=slug)


@bp.post("/<slug>/controleren")
@roles_required(*AUTHORS)
def check(slug: str):
    """Live validation while typing: the unsaved text of one file, checked with the whole draft."""
    draft = _draft(slug)
    path = request.form.get("path", "")
    if path not in draft.files:
        abort(404)
    problems = services.validate_draft(draft, {path: request.form.get("text", "")})
    db.session.rollback()
    return jsonify(problems=[{"path": p.path, "line": p.line, "message": p.message, "severity": p.severity,
                              "text": str(p)} for p in problems if p.path == path],
                   elsewhere=sum(1 for p in problems if p.path != path and p.is_error))


@bp.route("/<slug>/nieuw", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def new_file(slug: str):
    draft = _draft(slug)
    form = NewFileForm()
    if form.validate_on_submit():
        problem = services.check_new_path(draft, form.path.data, form.kind.data)
        if problem:
            form.path.errors.append(problem)
        else:
            path = services.add_file(draft, form.path.data, form.kind.data, form.title.data, current_user)
            db.session.commit()
            flash(_("Bestand %(path)s gemaakt. Schrijf nu de inhoud.", path=path), "success")
            return redirect(url_for("authoring.edit", slug=slug, path=path))
    return render_template("authoring/new_file.html", course=draft.course, draft=draft, form=form,
                           folders=services.folders(draft))


@bp.post("/<slug>/bestand/<path:path>/verwijderen")
@roles_required(*AUTHORS)
def delete(slug: str, path: str):
    draft = _draft(slug)
    if not DeleteForm().validate_on_submit():
        abort(400)
    try:
        services.delete_file(draft, path, current_user)
    except services.AuthoringError as exc:
        flash(exc.message, "error")
        return redirect(url_for("authoring.course", slug=slug))
    db.session.commit()
    flash(_("%(path)s is uit het concept verwijderd.", path=path), "success")
    return redirect(url_for("authoring.course", slug=slug))


@bp.post("/<slug>/weggooien")
@roles_required(*AUTHORS)
def discard(slug: str):
    draft = _draft(slug)
    if not DiscardForm().validate_on_submit():
        abort(400)
    services.discard_draft(draft, current_user)
    db.session.commit()
    flash(_("Het concept is weer gelijk aan de nieuwste versie."), "success")
    return redirect(url_for("authoring.course", slug=slug))


# -- images ------------------------------------------------------------------------------------

@bp.route("/<slug>/afbeeldingen", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def images(slug: str):
    draft = _draft(slug)
    form = ImageForm()
    uploaded = None
    if form.validate_on_submit():
        limit = current_app.config["AUTHORING_IMAGE_MAX_BYTES"]
        data = form.image.data.read(limit + 1)
        if len(data) > limit:
            form.image.errors.append(_("Deze afbeelding is groter dan %(n)s MB. Maak hem kleiner.",
                                       n=round(limit / (1024 * 1024), 1)))
        else:
            try:
                uploaded = services.add_image(draft, data, form.image.data.filename or "", current_user)
            except services.AuthoringError as exc:
                form.image.errors.append(exc.message)
            else:
                db.session.commit()
    db.session.commit()
    return render_template("authoring/images.html", course=draft.course, draft=draft, form=form, uploaded=uploaded,
                           delete_form=DeleteForm())


@bp.get("/<slug>/media/<path:path>")
@roles_required(*AUTHORS)
def media(slug: str, path: str):
    """An image of the draft (of the newest version while nobody opened a draft), for the editor and the preview."""
    asset = services.draft_image(_course(slug), path)
    if asset is None:
        abort(404)
    response = Response(asset.data, mimetype=asset.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


# -- preview -----------------------------------------------------------------------------------

def _preview(slug: str, module_slug: str | None = None, lesson_slug: str | None = None):
    """The draft as learners will see it, read from its files: nothing is imported or written. A broken
    file elsewhere in the draft does not block the preview: it is left out and named, unless the page
    needs it (course.md; for a lesson also its module.md and its own file): then a page names its errors."""
    g.preview = True  # the learner templates link to preview pages and change nothing
    course = _course(slug)
    prefix = url_for("authoring.preview_course", slug=slug)
    media = url_for("authoring.media", slug=slug, path="")
    needed = needed_for(module_slug, lesson_slug) if module_slug else (lambda path: path == "course.md")
    try:
        return course, draft_preview(course, lesson_path=prefix + "/{module}/{lesson}", asset_path=media + "{path}",
                                     needed=needed), None
    except PreviewInvalid as exc:
        return course, None, _invalid(course, exc)


def _invalid(course: Course, exc: PreviewInvalid):
    return render_template("authoring/preview_invalid.html", course=course, problems=exc.problems,
                           files=exc.files), 200


@bp.get("/<slug>/voorbeeld")
@roles_required(*AUTHORS)
def preview_course(slug: str):
    course, shown, invalid = _preview(slug)
    if invalid:
        return invalid
    return render_template("learn/course.html", course=course, version=shown.version, outline=shown.outline,
                           done=set(), total=len(shown.ordered), enrollment=None,
                           resume=shown.ordered[0] if shown.ordered else None, preview=shown)


def _step(slug: str, module_slug: str, lesson_slug: str):
    """The learner's Step over the previewed draft (previous/next work exactly as for learners), or the
    page that names the errors of a file it needs."""
    course, shown, invalid = _preview(slug, module_slug, lesson_slug)
    if invalid:
        return None, None, invalid
    lesson = shown.find(module_slug, lesson_slug)
    if lesson is None:
        abort(404)
    if lesson.module.is_refresher:  # as a learner takes it: its own steps, apart from the course path
        version = replace(shown.version, sidebar_key=(*shown.version.sidebar_key, "refresher"))
        return Step(course=course, version=version, outline=[lesson.module], ordered=lesson.module.lessons,
                    lesson=lesson), shown, None
    return Step(course=course, version=shown.version, outline=shown.outline, ordered=shown.ordered,
                lesson=lesson), shown, None


@bp.get("/<slug>/voorbeeld/<module_slug>/<lesson_slug>")
@roles_required(*AUTHORS)
def preview_lesson(slug: str, module_slug: str, lesson_slug: str):
    step, shown, invalid = _step(slug, module_slug, lesson_slug)
    if invalid:
        return invalid
    context = step.page_context(done=set()) | dict(preview=shown)
    if step.lesson.is_activity:
        overview = Overview.untried(spec_of(step.lesson))
        urls = dict(slug=slug, module_slug=module_slug, lesson_slug=lesson_slug)
        return render_template("quizzes/start.html", overview=overview, walk_url=url_for("authoring.walk", **urls),
                               map_url=url_for("authoring.scenario_map", **urls), **context)
    return render_template("learn/lesson.html", **context)


@bp.get("/<slug>/voorbeeld/<module_slug>/<lesson_slug>/doorlopen")
@roles_required(*AUTHORS)
def walk(slug: str, module_slug: str, lesson_slug: str):
    """Walk a scenario (one situation per page, choices lead on) or a knowledge check, changing nothing."""
    step, shown, invalid = _step(slug, module_slug, lesson_slug)
    if invalid:
        return invalid
    if not step.lesson.is_activity:
        abort(404)
    spec = spec_of(step.lesson)
    urls = dict(slug=slug, module_slug=module_slug, lesson_slug=lesson_slug)
    context = dict(step=step, spec=spec, done=set(), preview=shown, urls=urls)
    template = kind_of(step.lesson.kind).walk_template
    return render_template(template, **context) if template else _walk_scenario(spec, context)


@bp.get("/<slug>/voorbeeld/<module_slug>/<lesson_slug>/kaart")
@roles_required(*AUTHORS)
def scenario_map(slug: str, module_slug: str, lesson_slug: str):
    """A scenario as a list: every situation, where each choice leads, and the endings."""
    step, shown, invalid = _step(slug, module_slug, lesson_slug)
    if invalid:
        return invalid
    if not (step.lesson.is_activity and kind_of(step.lesson.kind).has_map):
        abort(404)
    spec = spec_of(step.lesson)
    reachable = scenario_rules.reachable_from(spec, spec.start)
    advised = {c.id for c in scenario_rules.advised_choices(spec)} if spec.advised else set()
    return render_template("authoring/scenario_map.html", step=step, spec=spec, done=set(), preview=shown,
                           reachable=reachable, advised=advised, best=scenario_rules.best_score(spec),
                           urls=dict(slug=slug, module_slug=module_slug, lesson_slug=lesson_slug))


def _walk_scenario(spec, context):
    route = [c for c in request.args.get("pad", "").split(",") if c]
    choice_id = request.args.get("keuze")
    if "pad" in request.args and not choice_id and not request.args.get("leeg"):  # the form sent without a choice
        return redirect(url_for("authoring.walk", pad=",".join(route), leeg=1, **context["urls"]) + "#foutmeldingen")
    where = scenario_rules.walk(spec, route + ([choice_id] if choice_id else []))
    if where is None:
        abort(404)
    route = [c.id for c in where.taken]
    if where.ended:
        return render_template("authoring/walk_ending.html", ending=spec.endings[where.here], last_choice=where.last_choice,
                               taken=where.taken, points=where.points, passed=where.passed, **context)
    situation = spec.situations[where.here]
    return render_template("quizzes/situation.html", situation=situation, choices=situation.choices,
                           last_choice=where.last_choice, choices_made=len(route), attempt=None, form=None,
                           walk_url=url_for("authoring.walk", pad=",".join(route), **context["urls"]),
                           route=",".join(route), **context)


# -- versions ----------------------------------------------------------------------------------

@bp.route("/<slug>/publiceren", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def publish(slug: str):
    draft = _draft(slug)
    form = PublishForm()
    problems = services.validate_draft(draft)
    errors = [p for p in problems if p.is_error]
    if form.validate_on_submit() and not errors:
        try:
            version = services.publish_draft(draft, current_user, form.note.data or "")
            record_request("course.published", target=version,
                           details={"course": draft.course.slug, "version": version.number})
        except services.Unchanged as exc:
            db.session.rollback()
            flash(exc.message, "info")
            return redirect(url_for("authoring.course", slug=slug))
        except ContentInvalid as exc:
            db.session.rollback()
            errors = exc.problems
        else:
            db.session.commit()
            flash(_("Versie %(n)s is gepubliceerd. Wie nieuw begint, krijgt deze versie; wie al bezig was, "
                    "maakt de eigen versie af.", n=version.number), "success")
            return redirect(url_for("authoring.history", slug=slug))
    db.session.commit()
    return render_template("authoring/publish.html", course=draft.course, draft=draft, form=form, errors=errors,
                           latest=latest_version(draft.course), changed=services.has_changes(draft),
                           stale=services.is_stale(draft))


@bp.get("/<slug>/versies")
@roles_required(*AUTHORS)
def history(slug: str):
    course = _course(slug)
    page = db.paginate(select(CourseVersion).where(CourseVersion.course_id == course.id)
                       .order_by(CourseVersion.number.desc()), per_page=PER_PAGE)
    publications = {p.version_id: p for p in db.session.scalars(
        select(Publication).where(Publication.version_id.in_([v.id for v in page.items]))
        .options(selectinload(Publication.published_by)))}
    return render_template("authoring/history.html", course=course, page=page, publications=publications,
                           newest=latest_version(course))


@bp.get("/<slug>/versies/vergelijk")
@roles_required(*AUTHORS)
def compare(slug: str):
    course = _course(slug)
    old = _version(course, request.args.get("van", type=int))
    new = _version(course, request.args.get("naar", type=int))
    return render_template("authoring/compare.html", course=course, old=old, new=new,
                           diffs=services.diff_versions(old, new))


@bp.route("/<slug>/versies/<int:number>/terugzetten", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def restore(slug: str, number: int):
    course = _course(slug)
    old = _version(course, number)
    form = RollbackForm()
    draft = services.find_draft(course)
    if form.validate_on_submit():
        try:
            version = services.rollback(course, old, current_user, form.note.data or "")
            record_request("course.rolled_back", target=version,
                           details={"course": course.slug, "version": version.number, "restored_from": old.number})
        except services.Unchanged:
            db.session.rollback()
            flash(_("Versie %(n)s is al gelijk aan de nieuwste versie.", n=old.number), "info")
            return redirect(url_for("authoring.history", slug=slug))
        db.session.commit()
        flash(_("Versie %(old)s is opnieuw gepubliceerd als versie %(new)s.", old=old.number, new=version.number),
              "success")
        return redirect(url_for("authoring.history", slug=slug))
    return render_template("authoring/restore.html", course=course, old=old, form=form, newest=latest_version(course),
                           draft_changed=draft is not None and services.has_changes(draft))


@bp.get("/<slug>/versies/<int:number>/export.zip")
@roles_required(*AUTHORS)
def export(slug: str, number: int):
    version = _version(_course(slug), number)
    response = Response(services.export_zip(version), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-versie-{version.number}.zip"'
    return response


@bp.route("/importeren", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def import_zip():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        config = current_app.config
        data = form.archive.data.read(config["AUTHORING_ZIP_MAX_UPLOAD"] + 1)
        limits = services.ZipLimits(max_files=config["AUTHORING_ZIP_MAX_FILES"],
                                    max_unpacked=config["AUTHORING_ZIP_MAX_UNPACKED"])
        try:
            if len(data) > config["AUTHORING_ZIP_MAX_UPLOAD"]:
                raise services.ImportRefused(_("Het ZIP-bestand is groter dan %(n)s MB.",
                                               n=config["AUTHORING_ZIP_MAX_UPLOAD"] // (1024 * 1024)))
            services.read_zip(data, limits)  # an unsafe or broken ZIP is refused here, on the form
        except services.ImportRefused as exc:
            form.archive.errors.append(exc.message)
            problems = exc.problems
        else:  # checking and importing every file can take a while: a background job
            job = jobs.start("course_import", owner=current_user, input=data)
            record_request("course.import_started", target=job, details={"bytes": len(data)})
            db.session.commit()
            return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("authoring/import.html", form=form, problems=problems)


# -- analytics ---------------------------------------------------------------------------------

@bp.get("/<slug>/analyse")
@roles_required(*AUTHORS)
def stats(slug: str):
    course = _course(slug)
    versions = list(db.session.scalars(select(CourseVersion).where(CourseVersion.course_id == course.id)
                                       .order_by(CourseVersion.number.desc())))
    number = request.args.get("versie", type=int)
    if number is not None:
        version = _version(course, number)
    else:  # the newest version anyone has answered in; a version just published has no answers yet
        answered = analytics.versions_with_answers(versions)
        version = next((v for v in versions if v.id in answered), versions[0] if versions else None)
    if version is None:
        abort(404)
    return render_template("authoring/analytics.html", course=course, version=version, versions=versions,
                           activities=analytics.version_analytics(version), minimum=analytics.MIN_PEOPLE)
