from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind


class NameTaken(Exception):
    pass


def create_organisation(name: str, kind: OrganisationKind) -> Organisation:
    name = name.strip()
    if db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())):
        raise NameTaken(name)
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation
