from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

MAX_TEXT = 5000
URL = Regexp(r"^https?://\S+$", message=_l("Een link begint met https:// of http:// en heeft geen spaties."))

# Per slot: the label and where the learner will see it (the hint under the field).
HINTS = {
    "vertrouwenspersoon": _l("Naam en hoe je die bereikt. Cursisten zien dit in de lessen over integriteit, "
                             "en op de pagina Hulp en contact."),
    "veiligheid": _l("Wie je belt of mailt bij agressie of een onveilige situatie, bijvoorbeeld de "
                     "veiligheidscoördinator. Cursisten zien dit in lessen en scenario's over agressie, "
                     "en op de pagina Hulp en contact."),
    "griffie": _l("Telefoon en e-mail van de griffie. Cursisten zien dit overal waar de cursus zegt "
                  "'vraag je griffie', en op de pagina Hulp en contact."),
    "protocol": _l("Wat het protocol agressie en geweld van jullie organisatie zegt, in een paar zinnen. "
                   "Cursisten zien dit in de lessen over melden en aangifte, en op de pagina Hulp en contact."),
    "gedragscode": _l("Waar de gedragscode over gaat en wie je iets kunt vragen. Cursisten zien dit in de "
                      "lessen over integriteit."),
    "lokaal": _l("Alles wat jullie verder willen meegeven. Cursisten zien dit waar de cursus "
                 "'Meer van je organisatie' toont."),
}
MARKDOWN_NOTE = _l("Je mag Markdown gebruiken: **vet**, een lijst met - en links als [tekst](https://...).")


def _text(label) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=MAX_TEXT, message=_l(
        "Gebruik hooguit %(max)d tekens.", max=MAX_TEXT))], render_kw={"rows": 4})


class LocalInfoForm(FlaskForm):
    vertrouwenspersoon = _text(_l("Vertrouwenspersoon integriteit"))
    veiligheid = _text(_l("Contact voor veiligheid en agressie"))
    griffie = _text(_l("Contact van de griffie"))
    protocol = _text(_l("Wat het protocol zegt"))
    protocol_url = StringField(_l("Link naar het protocol (mag leeg blijven)"), validators=[Optional(), Length(max=500), URL],
                               description=_l("Bijvoorbeeld de pagina op jullie intranet of website."))
    protocol_pdf = FileField(_l("Het protocol als PDF (mag leeg blijven)"))
    remove_pdf = BooleanField(_l("De PDF van het protocol weghalen"))
    gedragscode = _text(_l("Wat de gedragscode zegt"))
    gedragscode_url = StringField(_l("Link naar de gedragscode (mag leeg blijven)"),
                                  validators=[Optional(), Length(max=500), URL])
    lokaal = _text(_l("Meer van je organisatie"))
    submit = SubmitField(_l("Opslaan"))
