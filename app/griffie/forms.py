from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError


class CertificateFilterForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    cursus = SelectField(_l("Cursus"), coerce=int, validators=[Optional()])
    van = DateField(_l("Uitgereikt vanaf"), validators=[Optional()])
    tot = DateField(_l("Uitgereikt tot en met"), validators=[Optional()])
    submit = SubmitField(_l("Filteren"))

    def validate_tot(self, field: DateField) -> None:
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError(_l("Kies een einddatum die na de begindatum ligt."))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reden"), validators=[
        DataRequired(_l("Schrijf op waarom je het certificaat intrekt.")), Length(max=1000),
    ], description=_l("Bijvoorbeeld: uitgereikt aan de verkeerde persoon. Alleen de griffie ziet de reden."))
    submit = SubmitField(_l("Certificaat intrekken"))
