"""Writing the audit trail."""
from __future__ import annotations

from typing import Any

from app.audit.models import AuditEntry
from app.extensions import db


def record(
    action: str,
    *,
    actor: Any = None,
    organisation_id: int | None = None,
    target: Any = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry (flushed with the caller's transaction, so a rolled-back action leaves none).

    `action` is a dotted name such as "member.invited"; `target` any model with an `id`;
    `details` plain JSON without answers, scores or passwords.
    """
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "",
        organisation_id=organisation_id,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        ip=ip,
        details=details or {},
    )
    db.session.add(entry)
    return entry


def record_request(action: str, **kwargs: Any) -> AuditEntry:
    """`record` for a route: the logged-in user and the client address fill themselves in."""
    from flask import request
    from flask_login import current_user

    actor = kwargs.pop("actor", None) or (current_user if current_user.is_authenticated else None)
    return record(action, actor=actor, ip=request.remote_addr, **kwargs)
