from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError


class AuditFilterForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    van = DateField(_l("Vanaf"), validators=[Optional()])
    tot = DateField(_l("Tot en met"), validators=[Optional()])
    persoon = SelectField(_l("Persoon"), coerce=int, validators=[Optional()],
                          description=_l("Wat deze persoon deed, en wat er met het account van deze persoon gebeurde."))
    submit = SubmitField(_l("Filteren"))

    def validate_tot(self, field: DateField) -> None:
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError(_l("Kies een einddatum die na de begindatum ligt."))
