from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class VerifyForm(FlaskForm):
    code = StringField(_l("Controlecode"), validators=[DataRequired(_l("Vul de controlecode in.")), Length(max=40)],
                       description=_l("Staat onder de QR-code op het certificaat, bijvoorbeeld 7K2M-9QXT-4HND-8WZR."),
                       render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})
    submit = SubmitField(_l("Controleren"))
