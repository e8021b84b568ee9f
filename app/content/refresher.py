"""The checks for a course's refresher: the short module that renews an expiring certificate.

The refresher is a module of the course named in course.md (`refresher: <module slug>`). It is
left out of the normal path, holds only knowledge checks and scenarios with a pass mark (passing
them is what renews the certificate), and only makes sense for a course whose certificate expires.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.content.frontmatter import key_line
from app.content.problems import Problem
from app.content.structure import ParsedCourse

WINDOW_KEYS = ("refresher_before_days", "refresher_after_days")
DAYS_PER_MONTH = 30  # near enough to say a window is longer than the validity itself


def check_refresher(course: ParsedCourse) -> list[Problem]:
    source, meta = course.source, course.source.meta
    if "refresher" not in meta:
        return [Problem(source.display, key_line(source.text, key),
                        _("'%(key)s' werkt alleen samen met 'refresher': noem ook de module van de opfriscursus", key=key))
                for key in WINDOW_KEYS if key in meta]
    line = key_line(source.text, "refresher")
    problems = []
    if "validity" not in meta:
        problems.append(Problem(source.display, line, _(
            "een opfriscursus vernieuwt een certificaat dat verloopt, maar deze cursus heeft geen 'validity'; "
            "zet 'validity' (maanden of raadsperiode) of haal 'refresher' weg")))
    problems += _check_window(course)
    name = meta["refresher"]
    module = next((m for m in course.modules if m.slug == name), None) if isinstance(name, str) else None
    if module is None:
        if isinstance(name, str) and name.strip():
            problems.append(Problem(source.display, line, _(
                "'refresher' noemt een module die niet bestaat: '%(name)s'; kies uit: %(slugs)s",
                name=name, slugs=", ".join(m.slug for m in course.modules))))
        return problems
    if len(course.modules) == 1:
        problems.append(Problem(source.display, line, _(
            "de opfriscursus is de enige module; een cursus heeft ook gewone modules nodig")))
    activities = [lesson for lesson in module.lessons if lesson.kind != "lesson"]
    if not activities:
        problems.append(Problem(module.source.display, 1, _(
            "de opfriscursus '%(name)s' heeft geen toets of scenario; zet er minstens één in", name=name)))
    for lesson in module.lessons:
        if lesson.kind == "lesson":
            problems.append(Problem(lesson.source.display, 1, _(
                "een opfriscursus bevat alleen toetsen en scenario’s; zet uitleg in module.md of verwijs met een "
                "link naar de les in de cursus")))
        elif "pass_mark" not in lesson.source.meta:
            problems.append(Problem(lesson.source.display, 1, _(
                "een toets of scenario in de opfriscursus heeft een 'pass_mark' nodig: wie slaagt, krijgt een nieuw "
                "certificaat")))
    return problems


def _check_window(course: ParsedCourse) -> list[Problem]:
    source, meta = course.source, course.source.meta
    before, validity = meta.get("refresher_before_days"), meta.get("validity")
    if (isinstance(before, int) and not isinstance(before, bool) and isinstance(validity, int)
            and not isinstance(validity, bool) and before >= validity * DAYS_PER_MONTH):
        return [Problem(source.display, key_line(source.text, "refresher_before_days"), _(
            "'refresher_before_days' is %(days)d dagen: dan gaat de opfriscursus al open vóór het certificaat een "
            "geldigheid van %(months)d maanden heeft gehad; kies minder dagen", days=before, months=validity))]
    return []
