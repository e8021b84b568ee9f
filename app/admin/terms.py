"""The administrator's view of an organisation's council terms: list, add, change, remove, a merger.

A change that moves the last day of certificates valid for the term says so and is audited apart."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm

from app.admin.forms import MergerForm, TermForm
from app.admin.routes import _organisation_or_404, bp
from app.audit.services import record_request
from app.auth.models import Role
from app.certificates.term_follow import Moved, audit_details, following_terms
from app.db_types import local_day, utcnow
from app.extensions import db
from app.organisations import term_changes
from app.organisations.models import CouncilTerm, Organisation
from app.organisations.terms import TermDates, add_default_terms, national_term, terms_of
from app.permissions import roles_required


def _term_or_404(organisation: Organisation, term_id: int) -> CouncilTerm:
    term = db.session.get(CouncilTerm, term_id) if term_id < 2**31 else None  # PostgreSQL refuses bigger ids
    if term is None or term.organisation_id != organisation.id:
        abort(404)
    return term


def _list_url(organisation: Organisation) -> str:
    return url_for("admin.terms", organisation_id=organisation.id)


def _show_problems(form: FlaskForm, error: term_changes.InvalidTerm) -> None:
    for problem in error.problems:
        getattr(form, problem.field).errors.append(problem.message)


def _after_change(organisation: Organisation, moved: list[Moved]) -> None:
    if moved:
        record_request("certificates.expiry_moved", organisation_id=organisation.id, details=audit_details(moved))
        flash(ngettext("%(num)d certificaat dat geldt voor de zittingsperiode, heeft nu een andere laatste dag.",
                       "%(num)d certificaten die gelden voor de zittingsperiode, hebben nu een andere laatste dag.",
                       len(moved)), "info")


def _input(form: TermForm) -> TermDates:
    return TermDates(form.election_on.data, form.starts_on.data, form.ends_on.data, form.note.data or "")


@bp.get("/organisaties/<int:organisation_id>/zittingsperioden")
@roles_required(Role.ADMIN)
def terms(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    today = local_day(utcnow())
    return render_template("admin/terms.html", organisation=organisation, terms=terms_of(organisation.id),
                           today=today, national=national_term(organisation.kind, today), action_form=FlaskForm())


@bp.post("/organisaties/<int:organisation_id>/zittingsperioden/landelijk")
@roles_required(Role.ADMIN)
def terms_national(organisation_id: int):
    """For an organisation without terms of its own (made before terms existed): the national calendar's."""
    organisation = _organisation_or_404(organisation_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not terms_of(organisation.id):
        with following_terms(organisation) as moved:
            add_default_terms(organisation, local_day(utcnow()))
        record_request("term.added", organisation_id=organisation.id, target=organisation,
                       details={"national": [term_changes.snapshot(t) for t in terms_of(organisation.id)]})
        _after_change(organisation, moved)
        db.session.commit()
        flash(_("De zittingsperioden van de landelijke kalender zijn toegevoegd."), "success")
    return redirect(_list_url(organisation))


@bp.route("/organisaties/<int:organisation_id>/zittingsperioden/nieuw", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def term_new(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = TermForm()
    if form.validate_on_submit():
        try:
            with following_terms(organisation) as moved:
                term = term_changes.add_term(organisation, _input(form))
        except term_changes.InvalidTerm as error:
            db.session.rollback()
            _show_problems(form, error)
        else:
            record_request("term.added", organisation_id=organisation.id, target=term,
                           details=term_changes.snapshot(term))
            _after_change(organisation, moved)
            db.session.commit()
            flash(_("Zittingsperiode toegevoegd: %(term)s.", term=term_changes.describe(term)), "success")
            return redirect(_list_url(organisation))
    return render_template("admin/term_form.html", form=form, organisation=organisation, term=None)


@bp.route("/organisaties/<int:organisation_id>/zittingsperioden/<int:term_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def term_edit(organisation_id: int, term_id: int):
    organisation = _organisation_or_404(organisation_id)
    term = _term_or_404(organisation, term_id)
    form = TermForm(obj=term)
    if form.validate_on_submit():
        try:
            with following_terms(organisation) as moved:
                changes = term_changes.change_term(term, _input(form))
        except term_changes.InvalidTerm as error:
            db.session.rollback()
            _show_problems(form, error)
        else:
            if changes:
                record_request("term.changed", organisation_id=organisation.id, target=term, details=changes)
            _after_change(organisation, moved)
            db.session.commit()
            flash(_("Zittingsperiode opgeslagen: %(term)s.", term=term_changes.describe(term)), "success")
            return redirect(_list_url(organisation))
    return render_template("admin/term_form.html", form=form, organisation=organisation, term=term)


@bp.post("/organisaties/<int:organisation_id>/zittingsperioden/<int:term_id>/verwijderen")
@roles_required(Role.ADMIN)
def term_remove(organisation_id: int, term_id: int):
    organisation = _organisation_or_404(organisation_id)
    term = _term_or_404(organisation, term_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    described = term_changes.describe(term)
    with following_terms(organisation) as moved:
        old = term_changes.remove_term(term)
    record_request("term.removed", organisation_id=organisation.id, details=old | {"id": term_id})
    _after_change(organisation, moved)
    db.session.commit()
    flash(_("Zittingsperiode verwijderd: %(term)s.", term=described), "success")
    return redirect(_list_url(organisation))


@bp.route("/organisaties/<int:organisation_id>/zittingsperioden/herindeling", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def term_merger(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = MergerForm()
    if form.validate_on_submit():
        try:
            with following_terms(organisation) as moved:
                term, shortened = term_changes.add_merger(organisation, form.merger_on.data, form.election_on.data,
                                                          form.note.data or "")
        except term_changes.InvalidTerm as error:
            db.session.rollback()
            _show_problems(form, error)
        else:
            record_request("term.merger_added", organisation_id=organisation.id, target=term,
                           details={"new": term_changes.snapshot(term), "shortened": shortened})
            _after_change(organisation, moved)
            db.session.commit()
            flash(_("Herindeling toegevoegd: de nieuwe raad zit van %(term)s.", term=term_changes.describe(term)),
                  "success")
            return redirect(_list_url(organisation))
    return render_template("admin/term_merger.html", form=form, organisation=organisation)
