"""The griffie's members: list, invite one or many, resend, deactivate and reactivate."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from app import jobs
from app.auth.resend import resend_and_report
from app.audit.services import record_request
from app.auth import services as auth_services
from app.auth.models import Function, Role, User
from app.assignments.models import Group, group_member
from app.assignments.services import deadlines_for
from app.certificates.services import certificates_of
from app.db_types import local_day, utcnow
from app.extensions import db
from app.griffie import member_import, services
from app.griffie.progress import expired_course_ids
from app.griffie.forms import ImportConfirmForm, MemberFilterForm, MemberImportForm, ResendAllForm
from app.learn.services import course_cards
from app.mail.sender import undelivered
from app.organisations.forms import InviteMemberForm
from app.permissions import roles_required
from app.quizzes import services as attempt_services
from app.tenancy import get_scoped_member_or_404, scoped_members

bp = Blueprint("griffie", __name__, url_prefix="/griffie")
PER_PAGE = 25
# A leaver whose scheduled deactivation day has come counts as deactivated, also before the daily job ran.
ACCOUNT_FILTERS = {
    "actief": lambda q, day: q.where(User.active_clause(day), User.password_hash.is_not(None)),
    "uitgenodigd": lambda q, day: q.where(User.active_clause(day), User.password_hash.is_(None)),
    "gedeactiveerd": lambda q, day: q.where(~User.active_clause(day)),
    "verwijderen": lambda q, day: q.where(User.erasure_requested_at.is_not(None)),
}


@bp.get("/leden")
@roles_required(Role.GRIFFIER)
def members():
    form = MemberFilterForm(request.args)
    query = scoped_members().order_by(User.name)
    chosen = form.account.data if form.validate() and form.account.data in ACCOUNT_FILTERS else ""
    today = local_day(utcnow())
    if chosen:
        query = ACCOUNT_FILTERS[chosen](query, today)
    page = db.paginate(query, per_page=PER_PAGE)
    counts = services.completed_counts([user.id for user in page.items])
    trouble = undelivered([user.email for user in page.items if not user.has_accepted], "invitation")
    pending = db.session.scalar(ACCOUNT_FILTERS["uitgenodigd"](
        scoped_members(), today).with_only_columns(func.count()))
    return render_template("griffie/members.html", page=page, counts=counts, form=form, pending=pending, today=today,
                           undelivered=trouble, resend_form=ResendAllForm(),
                           filter_args={"account": chosen} if chosen else {})


@bp.route("/leden/nieuw", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def invite():
    form = InviteMemberForm()
    if form.validate_on_submit():
        try:
            user = auth_services.invite_user(current_user.organisation, form.email.data, form.name.data,
                                             Role.MEMBER, Function(form.function.data))
        except auth_services.EmailTaken:
            form.email.errors.append(_("Er is al een account met dit e-mailadres."))
        else:
            record_request("member.invited", organisation_id=user.organisation_id, target=user)
            db.session.commit()
            flash(_("Uitnodiging verstuurd naar %(email)s.", email=user.email), "success")
            return redirect(url_for("griffie.members"))
    return render_template("griffie/invite.html", form=form)


@bp.route("/leden/importeren", methods=["GET", "POST"])
@roles_required(Role.GRIFFIER)
def import_members():
    """Step 1: upload; step 2: see per row what will happen. Nothing is saved in either step."""
    form = MemberImportForm()
    if form.validate_on_submit():
        try:
            text = member_import.decode(form.file.data.read())
            plan = member_import.plan(text, current_user.organisation)
        except member_import.ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            return render_template("griffie/import_preview.html", plan=plan,
                                   confirm=ImportConfirmForm(csv_text=text))
    return render_template("griffie/import.html", form=form)


@bp.post("/leden/importeren/bevestigen")
@roles_required(Role.GRIFFIER)
def confirm_import():
    """Step 3: a background job plans again from the same text (the database may have changed) and invites."""
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("De import is niet gelukt: het formulier was niet compleet. Upload het bestand opnieuw."), "error")
        return redirect(url_for("griffie.import_members"))
    try:
        member_import.read_rows(form.csv_text.data)
    except member_import.ImportFileError as exc:
        flash(str(exc), "error")
        return redirect(url_for("griffie.import_members"))
    job = jobs.start("member_import", owner=current_user, organisation_id=current_user.organisation_id,
                     params={"csv_text": form.csv_text.data})
    record_request("members.import_started", organisation_id=current_user.organisation_id, target=job)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.get("/leden/<int:user_id>")
@roles_required(Role.GRIFFIER)
def member(user_id: int):
    user = _member_or_404(user_id)
    in_groups = db.session.scalars(select(Group).join(group_member).where(group_member.c.user_id == user.id)
                                   .order_by(Group.name)).all()
    held = certificates_of(user.id)
    return render_template("griffie/member.html", member=user, cards=course_cards(user, deadlines_for(user)),
                           groups=in_groups, form=FlaskForm(), today=local_day(utcnow()),
                           certificates=held, now=utcnow(), expired=expired_course_ids(held, utcnow()),
                           exhausted=attempt_services.exhausted_activities(user),
                           undelivered={} if user.has_accepted else undelivered([user.email], "invitation"))


@bp.post("/leden/<int:user_id>/pogingen/<int:lesson_id>")
@roles_required(Role.GRIFFIER)
def grant_attempts(user_id: int, lesson_id: int):
    """New attempts at one activity, after the member used them all; the griffie sees no answers or scores."""
    user = _member_or_404(user_id)  # CSRFProtect has checked the token already
    lesson = next((lesson for lesson in attempt_services.exhausted_activities(user) if lesson.id == lesson_id), None)
    if lesson is None:
        abort(404)
    grant = attempt_services.grant_attempts(user, lesson, current_user)
    record_request("attempts.reset", organisation_id=user.organisation_id, target=user,
                   details={"lesson_id": lesson.id, "activity": lesson.title, "attempts": grant.attempts})
    db.session.commit()
    flash(_("%(name)s kan %(activity)s opnieuw maken.", name=user.name, activity=lesson.title), "success")
    return redirect(url_for("griffie.member", user_id=user.id))


@bp.post("/leden/<int:user_id>/uitnodiging")
@roles_required(Role.GRIFFIER)
def resend_invitation(user_id: int):
    user = _member_or_404(user_id)
    resend_and_report(user, "member.invitation_resent")
    return redirect(url_for("griffie.member", user_id=user.id))


@bp.post("/leden/<int:user_id>/deactiveren")
@roles_required(Role.GRIFFIER)
def deactivate(user_id: int):
    user = _member_or_404(user_id)  # CSRFProtect has checked the token already
    services.set_active(user, False)
    record_request("member.deactivated", organisation_id=user.organisation_id, target=user)
    db.session.commit()
    flash(_("%(name)s is gedeactiveerd en kan niet meer inloggen. Certificaten blijven te controleren.",
            name=user.name), "success")
    return redirect(url_for("griffie.member", user_id=user.id))


@bp.post("/leden/<int:user_id>/activeren")
@roles_required(Role.GRIFFIER)
def reactivate(user_id: int):
    user = _member_or_404(user_id)
    services.set_active(user, True)
    record_request("member.reactivated", organisation_id=user.organisation_id, target=user)
    db.session.commit()
    flash(_("%(name)s kan weer inloggen.", name=user.name), "success")
    return redirect(url_for("griffie.member", user_id=user.id))


def _member_or_404(user_id: int) -> User:
    """The griffier sees and manages members only: their own account, colleagues, trainers and
    administrators answer 404, as if they were not there."""
    return get_scoped_member_or_404(user_id)


from app.griffie import accounts, assignments, certificates, groups, overview  # noqa: E402,F401  (register routes on bp)
from app.griffie import jobs as griffie_jobs  # noqa: E402,F401  (registers the job kinds)
