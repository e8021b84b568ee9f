from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from app.db_types import local_day, utcnow

# An installation date this far from today is almost certainly a typing error.
EARLIEST, LATEST = timedelta(days=365), timedelta(days=2 * 365)


class TurnoverConfirmForm(FlaskForm):
    # The file's text travels back with the confirmation and is planned again: nothing is kept before it.
    csv_text = HiddenField(validators=[DataRequired()])
    # One key per preview page: a second submit of the same page finds the turnover it started.
    request_key = HiddenField(validators=[DataRequired()])
    installation_on = DateField(_l("Datum van de installatie"), validators=[
        InputRequired(_l("Vul de datum van de installatie in, bijvoorbeeld 30-03-2027."))],
        description=_l("Op deze dag worden wie vertrekken gedeactiveerd. Tot die dag kunnen ze nog inloggen."))
    course = SelectField(_l("Cursus voor nieuwe leden"), coerce=int,
                         description=_l("Nieuwe leden krijgen deze cursus toegewezen."))
    weeks = IntegerField(_l("Deadline: aantal weken na de installatie"), validators=[
        InputRequired(_l("Vul een aantal weken in, bijvoorbeeld 6.")),
        NumberRange(1, 52, _l("Kies een aantal weken van 1 tot en met 52."))],
        description=_l("De laatste dag om de cursus af te ronden is de installatie plus dit aantal weken."))
    update_details = BooleanField(_l("Naam en functie van wie blijft bijwerken zoals in de lijst"), default=True)
    submit = SubmitField(_l("Bevestigen en uitvoeren"))

    def validate_installation_on(self, field: DateField) -> None:
        today = local_day(utcnow())
        if field.data and not today - EARLIEST <= field.data <= today + LATEST:
            raise ValidationError(_l("Kies een datum binnen een jaar terug of twee jaar vooruit."))


class RestartForm(FlaskForm):
    submit = SubmitField(_l("Opnieuw proberen"))
