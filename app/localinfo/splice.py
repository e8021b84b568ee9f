"""What a page does with a stored course text: splice in the viewer's organisation's local information.

Templates call it as the `localise` filter: `{{ lesson.html | localise }}`. It renders nothing;
it swaps stored HTML for stored HTML. The organisation's values are read once per request, and
only on a page whose text has a slot.
"""
from __future__ import annotations

from flask import g, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.content.slots import SLOT_NAMES, fill, has_slots, splice
from app.localinfo.services import slot_values

# What the trainer's preview shows in place of a real organisation's value.
EXAMPLES = {
    "vertrouwenspersoon": "<p>Voorbeeld: mevrouw J. de Vries is de vertrouwenspersoon integriteit. Je bereikt haar via de griffie.</p>",
    "veiligheid": "<p>Voorbeeld: de veiligheidscoördinator van het gemeentehuis, bereikbaar via de receptie.</p>",
    "griffie": "<p>Voorbeeld: de griffie, kamer 2.14, griffie@voorbeeld.example.</p>",
    "protocol": "<p>Voorbeeld: ons protocol zegt: meld elk incident dezelfde dag bij de griffie.</p>",
    "gedragscode": "<p>Voorbeeld: de gedragscode van de raad, vastgesteld in 2026.</p>",
    "lokaal": "<p>Voorbeeld: elke eerste maandag van de maand is er een inloopuur bij de griffie.</p>",
}


def current_slot_values() -> dict[str, str]:
    """The logged-in person's organisation's values; one query per request, none for visitors."""
    if "local_slot_values" not in g:
        authenticated = has_request_context() and current_user.is_authenticated
        g.local_slot_values = slot_values(current_user.organisation_id) if authenticated else {}
    return g.local_slot_values


def localise(html: str | None) -> Markup:
    """Jinja filter for stored course HTML (already sanitised at import)."""
    if not html:
        return Markup("")
    if not has_slots(html):  # most course text: no query at all
        return Markup(html)
    if g.get("preview"):
        return Markup(splice(html, preview_box))
    return Markup(fill(html, current_slot_values(), label=_("Van je eigen organisatie")))


def preview_box(name: str, fallback: str) -> str:
    label = str(SLOT_NAMES.get(name, name))
    return (
        f'<div class="lokaal lokaal--voorbeeld" data-slot="{name}">'
        f'<p class="lokaal__label">{Markup.escape(_("Lokale informatie: %(field)s", field=label))}</p>'
        f'<p class="lokaal__uitleg">{Markup.escape(_("Voorbeeld van wat een organisatie invult:"))}</p>'
        f'{EXAMPLES.get(name, "")}'
        f'<p class="lokaal__uitleg">{Markup.escape(_("Heeft de organisatie niets ingevuld? Dan ziet de cursist:"))}</p>'
        f"{fallback}</div>"
    )
