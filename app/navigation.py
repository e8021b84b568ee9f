"""The main menu per role, and which item the current page belongs to."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import Role

LEARN = ("learn.dashboard", _l("Mijn leeromgeving"), ("learn.", "quizzes."))
COURSES = ("learn.dashboard", _l("Cursussen"), ("learn.", "quizzes."))
AUTHORING = ("authoring.courses", _l("Cursussen schrijven"), ("authoring.",))
MENUS = {
    Role.MEMBER: [LEARN, ("certificates.results", _l("Mijn resultaten"), ("certificates.results",)),
                  ("certificates.mine", _l("Mijn certificaten"), ("certificates.mine", "certificates.pdf"))],
    Role.GRIFFIER: [("griffie.overview", _l("Overzicht"), ("griffie.overview",)),
                    ("griffie.members", _l("Leden"), ("griffie.member", "griffie.invite", "griffie.resend",
                                                      "griffie.import", "griffie.confirm_import",
                                                      "griffie.deactivate", "griffie.reactivate", "turnover.")),
                    ("griffie.groups", _l("Groepen"), ("griffie.group",)),
                    ("griffie.assignments", _l("Toewijzingen"), ("griffie.assignment", "griffie.new_assignment")),
                    ("griffie.certificates", _l("Certificaten"), ("griffie.certificate", "griffie.revoke")),
                    ("griffie.reports", _l("Rapporten"), ("griffie.report",)),
                    ("audit.griffie_log", _l("Logboek"), ("audit.",)),
                    ("localinfo.edit", _l("Lokale informatie"), ("localinfo.edit",)),
                    COURSES],
    Role.TRAINER: [AUTHORING, COURSES],
    Role.ADMIN: [("admin.organisations", _l("Organisaties"), ("admin.organisation", "admin.new_organisation",
                                                              "admin.invite")),
                 ("admin.users", _l("Gebruikers"), ("admin.user",)),
                 ("admin.usage", _l("Gebruik"), ("admin.usage",)), ("audit.admin_log", _l("Logboek"), ("audit.",)),
                 AUTHORING, COURSES],
}


def main_menu() -> list[tuple[str, object, bool]]:
    """(endpoint, label, is the current section) for the logged-in user's role."""
    if not current_user.is_authenticated:
        return []
    endpoint = request.endpoint or ""
    return [(target, label, endpoint.startswith(prefixes)) for target, label, prefixes in MENUS.get(current_user.role, [])]
