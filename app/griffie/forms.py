from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.db_types import local_day
from app.db_types import utcnow
from app.organisations.forms import EditAccountForm

MAX_CSV_BYTES = 1024 * 1024


class CertificateFilterForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    cursus = SelectField(_l("Cursus"), coerce=int, validators=[Optional()])
    van = DateField(_l("Uitgereikt vanaf"), validators=[Optional()])
    tot = DateField(_l("Uitgereikt tot en met"), validators=[Optional()])
    ingetrokken = BooleanField(_l("Ingetrokken certificaten ook in de ZIP"),
                               description=_l("Met INGETROKKEN en de datum erop. Zonder dit vinkje blijven ze erbuiten."))
    submit = SubmitField(_l("Filteren"))

    def validate_tot(self, field: DateField) -> None:
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError(_l("Kies een einddatum die na de begindatum ligt."))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reden"), validators=[
        DataRequired(_l("Schrijf op waarom je het certificaat intrekt.")), Length(max=1000),
    ], description=_l("Bijvoorbeeld: uitgereikt aan de verkeerde persoon. Alleen de griffie ziet de reden."))
    submit = SubmitField(_l("Certificaat intrekken"))


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes; the form macro renders it as a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("invalid_choice_message", _l("Kies alleen uit de lijst (%(value)s staat er niet in)."))
        super().__init__(*args, **kwargs)


class MemberImportForm(FlaskForm):
    file = FileField(_l("CSV-bestand"), validators=[
        FileRequired(_l("Kies een CSV-bestand.")),
        FileSize(MAX_CSV_BYTES, message=_l("Het bestand is groter dan 1 MB. Splits het in kleinere bestanden.")),
    ], description=_l("Eerste rij: naam, e-mailadres, functie. Komma's of puntkomma's mogen allebei, "
                      "zoals Excel ze opslaat als „CSV UTF-8”."))
    submit = SubmitField(_l("Bekijk wat er gebeurt"))


class ImportConfirmForm(FlaskForm):
    # The file's text travels back with the confirmation and is checked again: nothing is kept in between.
    csv_text = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Leden uitnodigen"))


class GroupForm(FlaskForm):
    name = StringField(_l("Naam van de groep"), validators=[
        DataRequired(_l("Vul de naam van de groep in.")), Length(max=100, message=_l("Gebruik hooguit 100 tekens.")),
    ], description=_l("Bijvoorbeeld: Raad, College, Commissie Bestuur of Nieuwe raadsleden 2026"))
    submit = SubmitField(_l("Groep maken"))


class GroupMembersForm(FlaskForm):
    members = MultiCheckboxField(_l("Leden van deze groep"), coerce=int)
    # Which members were on screen: a filtered list changes only those.
    shown = HiddenField()
    submit = SubmitField(_l("Leden opslaan"))

    def shown_ids(self) -> set[int]:
        return {int(part) for part in (self.shown.data or "").split(",") if part.strip().isdigit()}


class MemberSearchForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    zoek = StringField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Zoeken"))


class AssignmentForm(FlaskForm):
    course = SelectField(_l("Cursus"), coerce=int, validators=[DataRequired(_l("Kies een cursus."))])
    groups = MultiCheckboxField(_l("Groepen"), coerce=int,
                                description=_l("Wie later bij een groep komt, krijgt de cursus ook."))
    members = MultiCheckboxField(_l("Losse leden"), coerce=int)
    deadline = DateField(_l("Deadline (niet verplicht)"), validators=[Optional()],
                         description=_l("De laatste dag om de cursus af te ronden."))
    submit = SubmitField(_l("Toewijzen"))

    def validate_members(self, field: MultiCheckboxField) -> None:
        if not field.data and not self.groups.data:
            raise ValidationError(_l("Kies minstens één groep of één lid."))

    def validate_deadline(self, field: DateField) -> None:
        if field.data and field.data < local_day(utcnow()):
            raise ValidationError(_l("Kies een deadline vandaag of later."))


class OverviewFilterForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    groep = SelectField(_l("Groep"), coerce=int, validators=[Optional()])
    cursus = SelectField(_l("Cursus"), coerce=int, validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    submit = SubmitField(_l("Filteren"))


class MemberFilterForm(FlaskForm):
    class Meta:
        csrf = False

    account = SelectField(_l("Account"), validators=[Optional()], choices=[
        SelectChoice("", _l("Alle leden")), SelectChoice("actief", _l("Actief")),
        SelectChoice("uitgenodigd", _l("Uitgenodigd, nog niet geactiveerd")),
        SelectChoice("gedeactiveerd", _l("Gedeactiveerd")),
        SelectChoice("verwijderen", _l("Vraagt om verwijderen van gegevens")),
    ])
    submit = SubmitField(_l("Filteren"))


class EditMemberForm(EditAccountForm):
    groups = MultiCheckboxField(_l("Groepen"), coerce=int,
                                description=_l("Wie bij een groep komt, krijgt de cursussen van die groep ook."))


class ResendAllForm(FlaskForm):
    confirm = BooleanField(_l("Ja, stuur iedereen die nog niet is begonnen een nieuwe uitnodiging"),
                           validators=[DataRequired(_l("Vink aan dat je alle uitnodigingen opnieuw wilt versturen."))])
    submit = SubmitField(_l("Alle openstaande uitnodigingen opnieuw versturen"))


class DeadlineForm(FlaskForm):
    deadline = DateField(_l("Nieuwe deadline"), validators=[Optional()],
                         description=_l("De laatste dag om de cursus af te ronden. Laat leeg voor geen deadline."))
    submit = SubmitField(_l("Deadline opslaan"))

    def validate_deadline(self, field: DateField) -> None:
        if field.data and field.data < local_day(utcnow()):
            raise ValidationError(_l("Kies een deadline vandaag of later."))


class ReportTermForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    periode = SelectField(_l("Zittingsperiode"), validators=[Optional()],
                          invalid_choice_message=_l("Kies een zittingsperiode uit de lijst."))
    submit = SubmitField(_l("Tonen"))
