from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from app.auth.models import ROLE_LABELS
from app.griffie.forms import MultiCheckboxField
from app.organisations.forms import EditAccountForm, _choices


class AdminEditUserForm(EditAccountForm):
    role = RadioField(_l("Rol"), choices=_choices(ROLE_LABELS))
    groups = MultiCheckboxField(_l("Groepen"), coerce=int,
                                description=_l("Alleen voor ambtsdragers: de groepen van hun eigen organisatie."))
