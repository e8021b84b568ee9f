from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from app.auth.models import FUNCTION_LABELS, ROLE_LABELS
from app.organisations.models import ORGANISATION_KIND_LABELS


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key.value, label) for key, label in labels.items()]


class InviteMemberForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
                       render_kw={"autocomplete": "off"})
    email = EmailField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul het e-mailadres in.")),
        Email(_l("Vul een e-mailadres in zoals naam@gemeente.nl."), check_deliverability=False), Length(max=254),
    ], render_kw={"autocomplete": "off", "spellcheck": "false"})
    function = SelectField(_l("Functie"), choices=_choices(FUNCTION_LABELS), default="raadslid")
    submit = SubmitField(_l("Uitnodiging versturen"))


class InviteUserForm(InviteMemberForm):
    role = RadioField(_l("Rol"), choices=_choices(ROLE_LABELS), default="griffier")
    function = SelectField(_l("Functie (alleen voor ambtsdragers)"), choices=_choices(FUNCTION_LABELS), default="raadslid")


class OrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
                       description=_l("Bijvoorbeeld: Gemeente Voorbeeld"))
    kind = RadioField(_l("Soort organisatie"), choices=_choices(ORGANISATION_KIND_LABELS), default="gemeente")
    submit = SubmitField(_l("Organisatie aanmaken"))


class EditAccountForm(FlaskForm):
    """Correcting an account. A new e-mail address only counts once its owner confirms it."""

    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
                       description=_l("Zoals hij op het certificaat moet staan."), render_kw={"autocomplete": "off"})
    email = EmailField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul het e-mailadres in.")),
        Email(_l("Vul een e-mailadres in zoals naam@gemeente.nl."), check_deliverability=False), Length(max=254),
    ], description=_l("Een nieuw adres geldt pas als het lid het bevestigt via de link die we ernaar sturen."),
        render_kw={"autocomplete": "off", "spellcheck": "false"})
    function = SelectField(_l("Functie"), choices=_choices(FUNCTION_LABELS))
    submit = SubmitField(_l("Wijzigingen opslaan"))


class RenameOrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
                       description=_l("Certificaten die al zijn uitgereikt, houden de oude naam."))
    submit = SubmitField(_l("Naam opslaan"))


class UserSearchForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Zoek op naam of e-mailadres"), validators=[Length(max=100)])
    submit = SubmitField(_l("Zoeken"))
