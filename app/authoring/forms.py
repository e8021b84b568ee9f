from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class FileForm(FlaskForm):
    text = TextAreaField(_l("Markdown-bron"), validators=[Length(max=200_000, message=_l("Dit bestand is te lang."))],
                         render_kw={"rows": 28, "spellcheck": "true", "class": "input input--source"})
    based_on = HiddenField()  # the hash of the text the editor started from
    submit = SubmitField(_l("Opslaan en controleren"))


class NewFileForm(FlaskForm):
    kind = RadioField(_l("Soort"), choices=[
        SelectChoice("lesson", _l("Les")), SelectChoice("quiz", _l("Toets")),
        SelectChoice("scenario", _l("Scenario")), SelectChoice("module", _l("Module (een nieuwe map)")),
    ], default="lesson")
    path = StringField(_l("Pad"), validators=[DataRequired(_l("Vul het pad in.")), Length(max=250)],
                       description=_l("Bijvoorbeeld 01-herkennen/07-nieuwe-les.md, of voor een module 02-online."),
                       render_kw={"spellcheck": "false", "autocomplete": "off"})
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Vul de titel in.")), Length(max=200)])
    submit = SubmitField(_l("Bestand maken"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Bestand verwijderen"))


class DiscardForm(FlaskForm):
    submit = SubmitField(_l("Concept weggooien"))


class PublishForm(FlaskForm):
    note = TextAreaField(_l("Wat is er veranderd?"), validators=[Optional(), Length(max=1000)],
                         description=_l("Een korte zin voor je collega's, bijvoorbeeld: voorbeeld in les 2 verduidelijkt."))
    submit = SubmitField(_l("Nieuwe versie publiceren"))


class RollbackForm(FlaskForm):
    note = TextAreaField(_l("Waarom zet je deze versie terug?"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Deze versie opnieuw publiceren"))


class ImportForm(FlaskForm):
    archive = FileField(_l("ZIP-bestand"), validators=[FileRequired(_l("Kies een ZIP-bestand."))],
                        description=_l("Een ZIP zoals je die hier exporteert: <slug>/course.md en de modulemappen."))
    submit = SubmitField(_l("Importeren"))


class ImageForm(FlaskForm):
    image = FileField(_l("Afbeelding"), validators=[FileRequired(_l("Kies een afbeelding."))],
                      description=_l("PNG, JPEG of WebP, hoogstens 2 MB. SVG kan niet."),
                      render_kw={"accept": "image/png,image/jpeg,image/webp"})
    submit = SubmitField(_l("Uploaden"))
