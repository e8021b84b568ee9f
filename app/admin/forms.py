from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from app.auth.models import ROLE_LABELS
from app.griffie.forms import MultiCheckboxField
from app.organisations.forms import EditAccountForm, _choices


class AdminEditUserForm(EditAccountForm):
    role = RadioField(_l("Rol"), choices=_choices(ROLE_LABELS))
    groups = MultiCheckboxField(_l("Groepen"), coerce=int,
                                description=_l("Alleen voor ambtsdragers: de groepen van hun eigen organisatie."))


class TermForm(FlaskForm):
    election_on = DateField(_l("Verkiezing (niet verplicht)"), validators=[Optional()],
                            description=_l("De dag van de verkiezing. Vanaf die dag trainen nieuwe leden voor deze "
                                           "zittingsperiode."))
    starts_on = DateField(_l("Installatie"), validators=[InputRequired(_l("Vul de dag van de installatie in."))],
                          description=_l("De eerste dag van de zittingsperiode: de nieuwe raad wordt geïnstalleerd."))
    ends_on = DateField(_l("Laatste dag"), validators=[InputRequired(_l("Vul de laatste dag in."))],
                        description=_l("Meestal de dag vóór de installatie van de volgende raad. Certificaten die "
                                       "gelden voor de zittingsperiode, zijn geldig tot en met deze dag."))
    note = StringField(_l("Toelichting (niet verplicht)"), validators=[Length(max=200)],
                       description=_l("Bijvoorbeeld: herindelingsverkiezing."))
    submit = SubmitField(_l("Zittingsperiode opslaan"))


class MergerForm(FlaskForm):
    merger_on = DateField(_l("Datum van de herindeling"), validators=[
        InputRequired(_l("Vul de datum van de herindeling in."))],
        description=_l("De eerste dag van de nieuwe gemeente; de nieuwe raad wordt dan geïnstalleerd."))
    election_on = DateField(_l("Herindelingsverkiezing"), validators=[
        InputRequired(_l("Vul de dag van de herindelingsverkiezing in."))])
    note = StringField(_l("Toelichting (niet verplicht)"), validators=[Length(max=200)], default="Herindeling")
    submit = SubmitField(_l("Herindeling toevoegen"))
