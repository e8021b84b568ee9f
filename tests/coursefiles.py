"""Write course folders for tests, so tests do not depend on the bundled curriculum."""
from __future__ import annotations

from pathlib import Path

COURSE_MD = """---
title: Testcursus
summary: Een korte cursus om mee te testen.
---
Welkom bij de testcursus.
"""


def real_png() -> bytes:
    """A small but real PNG: the validator checks an image's bytes, not only its name."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(out, "PNG")
    return out.getvalue()


def lesson_md(title: str, body: str = "") -> str:
    return f"---\ntitle: {title}\nminutes: 3\n---\n{body or 'Tekst van de les ' + title + '.'}\n"


def write_course(root: Path, slug: str = "testcursus", extra: dict[str, str] | None = None,
                 course_md: str = COURSE_MD) -> Path:
    """Two modules: 'begin' with three lessons, 'verder' with two. extra overrides or adds files."""
    files = {
        "course.md": course_md,
        "01-begin/module.md": "---\ntitle: Begin\nsummary: De eerste module.\n---\n",
        "01-begin/01-een.md": lesson_md("Les een", "Zie ook [les twee](02-twee.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
        "01-begin/02-twee.md": lesson_md("Les twee"),
        "01-begin/03-drie.md": lesson_md("Les drie"),
        "02-verder/module.md": "---\ntitle: Verder\n---\n",
        "02-verder/01-vier.md": lesson_md("Les vier", "Terug naar [les een](../01-begin/01-een.md)."),
        "02-verder/02-vijf.md": lesson_md("Les vijf"),
    }
    files.update(extra or {})
    for rel, text in files.items():
        path = root / slug / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
    return root


QUIZ_MD = """---
type: quiz
title: Toets herkennen
pass_mark: 50
max_attempts: 2
counts: best
shuffle: true
---
Drie vragen over de lessen.

## vraag grens: Welke situatie is intimidatie?
Lees de situaties goed.

( ) Een kritische e-mail over je stemgedrag.
    Dat is kritiek op je werk, geen intimidatie.
(x) Iemand zegt dat hij weet waar je kinderen op school zitten.
    Juist: dit raakt je privéleven en wil je bang maken.

Hint: Denk aan je privéleven.
Uitleg: Kritiek gaat over de inhoud. Intimidatie wil je bang maken.

## vraag melden: Bij wie kun je terecht? Kies alle goede antwoorden.

[x] De griffie
    Ja, de griffie is een eerste aanspreekpunt.
[x] Het Ondersteuningsteam Weerbaar Bestuur
    Ja, vertrouwelijk.
[ ] Niemand, je lost het zelf op
    Nee: praat erover.

## vraag online: Wat doe je eerst bij een dreigend bericht online?

( ) Meteen verwijderen, zodat niemand anders het nog kan lezen
    Dan ben je je bewijs kwijt.
(x) Een schermafbeelding maken met datum en link
    Goed: zo leg je vast wat er gebeurde.
( ) Terugschrijven
    Dat maakt het vaak erger.
"""

SCENARIO_MD = """---
type: scenario
title: Onrust op de tribune
scoring: {scoring}
pass_mark: {pass_mark}
advised: [tribune, schorsen, goed]
help:
  - title: De griffie
    text: Bespreek wat er gebeurde met je griffie.
  - title: Ondersteuningsteam Weerbaar Bestuur
    text: Voor een vertrouwelijk gesprek.
---
Een scenario om te oefenen.

## situatie tribune: Onrust op de tribune
Een bezoeker begint te schreeuwen.

* Je vraagt de voorzitter de vergadering te schorsen. -> schorsen +3
    Goed: de voorzitter gaat over de orde.
* Je roept iets terug. -> escalatie
    Zo wordt het persoonlijk.

## situatie escalatie: Het loopt op
De bezoeker komt naar voren.

* Je loopt weg en vraagt om hulp. -> schorsen +1
    Verstandig: je eigen veiligheid eerst.
* Je gaat in discussie. -> escalatie
    Dat helpt niet; probeer iets anders.
* Je blijft zitten en zwijgt. -> slecht
    Je laat het over je heen komen.

## situatie schorsen: De vergadering is geschorst
De bode praat met de bezoeker.

* Je zegt niets, gaat naar huis en laat het daarbij. -> slecht
    Zo blijf je er alleen mee.
* Je bespreekt het na afloop met de griffie. -> goed +2
    Goed: praat erover.

## einde goed: Veilig verder
Score: 10
Je hebt rust gebracht en het gesprek gezocht.

## einde slecht: Alleen met de last
Score: 2
Het incident blijft hangen.
"""


def activity_course(root: Path, scoring: str = "ending", pass_mark: int = 6) -> Path:
    """The test course plus a knowledge check and a scenario in module 'verder'."""
    return write_course(root, extra={
        "02-verder/03-toets.md": QUIZ_MD,
        "02-verder/04-tribune.md": SCENARIO_MD.format(scoring=scoring, pass_mark=pass_mark),
    })
