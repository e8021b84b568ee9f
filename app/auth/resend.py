"""The "resend invitation" button, shared by the griffie's member page and the administrator's user page."""
from __future__ import annotations

from flask import flash
from flask_babel import gettext as _

from app.audit.services import record_request
from app.auth import services as auth_services
from app.auth.models import User
from app.extensions import db


def resend_and_report(user: User, action: str) -> None:
    """Send a fresh invitation when that makes sense, tell the person at the button what happened, and
    record `action` in the audit trail when one went out."""
    if user.has_accepted:
        flash(_("%(name)s heeft al een wachtwoord gekozen.", name=user.name), "info")
    elif not user.is_active:
        flash(_("%(name)s is gedeactiveerd. Activeer het account eerst weer.", name=user.name), "info")
    else:
        auth_services.send_invitation(user)
        record_request(action, organisation_id=user.organisation_id, target=user)
        db.session.commit()
        flash(_("Nieuwe uitnodiging verstuurd naar %(email)s.", email=user.email), "success")
