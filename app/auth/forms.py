from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in.")), Length(max=254)],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Inloggen"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul je e-mailadres in.")),
        Email(_l("Vul een e-mailadres in zoals naam@gemeente.nl."), check_deliverability=False),
        Length(max=254),
    ], render_kw={"autocomplete": "email", "spellcheck": "false"})
    submit = SubmitField(_l("Stuur mij een link"))


def _long_enough(form: FlaskForm, field: PasswordField) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=minimum))


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Nieuw wachtwoord"), validators=[
        DataRequired(_l("Kies een wachtwoord.")), _long_enough, Length(max=128, message=_l("Gebruik hoogstens 128 tekens.")),
    ], render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Herhaal het wachtwoord"), validators=[
        DataRequired(_l("Herhaal het wachtwoord.")), EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
    ], render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Wachtwoord opslaan"))


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul je huidige wachtwoord in."))],
                            render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Wachtwoord wijzigen"))

    # The current password first, as people read the form.
    def __iter__(self):
        order = ("csrf_token", "current", "password", "confirm", "submit")
        return iter(sorted(super().__iter__(), key=lambda f: order.index(f.name) if f.name in order else 99))


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(_l("Vul de code in.")), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false",
                                  "autocapitalize": "off"})
    submit = SubmitField(_l("Verder"))


class EnrolForm(FlaskForm):
    code = StringField(_l("Code uit de app"), validators=[DataRequired(_l("Vul de code uit de app in.")),
                                                         Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"})
    submit = SubmitField(_l("Tweestapsverificatie aanzetten"))


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(_l("Je wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Tweestapsverificatie uitzetten"))


class ButtonForm(FlaskForm):
    """A form that is only a button (with its CSRF token)."""
    submit = SubmitField(_l("Bevestigen"))


class AccountEnrolForm(EnrolForm):
    """Switching the second factor on from Mijn account asks for the password first (ASVS 7.5.1)."""
    password = PasswordField(_l("Je wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))],
                             render_kw={"autocomplete": "current-password"})

    def __iter__(self):
        order = ("csrf_token", "password", "code", "submit")
        return iter(sorted(super().__iter__(), key=lambda f: order.index(f.name) if f.name in order else 99))


class LogoutEverywhereForm(FlaskForm):
    password = PasswordField(_l("Je wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Overal uitloggen"))


class EndSessionForm(FlaskForm):
    password = PasswordField(_l("Je wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in."))],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Uitloggen op dat apparaat"))


class ConfirmEmailForm(FlaskForm):
    submit = SubmitField(_l("Ja, dit is mijn e-mailadres"))
