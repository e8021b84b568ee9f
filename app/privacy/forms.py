from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired


class ErasureRequestForm(FlaskForm):
    confirm = BooleanField(_l("Ik begrijp dat mijn voortgang, antwoorden en account dan weg zijn, en dat dit niet terug "
                              "kan"), validators=[DataRequired(_l("Zet een vinkje om te laten zien dat je dit begrijpt."))])
    submit = SubmitField(_l("Vraag om verwijderen"))


class EraseForm(FlaskForm):
    confirm = BooleanField(_l("Ik weet zeker dat de gegevens van deze persoon weg moeten"),
                           validators=[DataRequired(_l("Zet een vinkje om te bevestigen."))])
    submit = SubmitField(_l("Gegevens verwijderen"))
