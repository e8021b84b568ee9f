from __future__ import annotations

from sqlalchemy import func, select

from app.db_types import local_day, utcnow
from app.extensions import db
from app.organisations.models import CouncilTerm, Organisation, OrganisationKind
from app.organisations.terms import add_default_terms


class NameTaken(Exception):
    pass


def create_organisation(name: str, kind: OrganisationKind) -> Organisation:
    name = name.strip()
    if db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())):
        raise NameTaken(name)
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    add_default_terms(organisation, local_day(utcnow()))
    return organisation


class NotEmpty(Exception):
    pass


def rename_organisation(organisation: Organisation, name: str) -> str:
    """Returns the old name. Certificates already issued keep the name they were issued with."""
    name = name.strip()
    taken = db.session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower(),
                                                            Organisation.id != organisation.id))
    if taken is not None:
        raise NameTaken(name)
    old, organisation.name = organisation.name, name
    db.session.flush()
    return old


def set_organisation_active(organisation: Organisation, active: bool) -> None:
    """A deactivated organisation's accounts cannot log in (their sessions end at the next request);
    records and certificates stay, and stay verifiable."""
    organisation.active = active
    db.session.flush()


def remove_organisation(organisation: Organisation) -> None:
    """Only an organisation without accounts can go; its groups, assignments and local information go with it."""
    from sqlalchemy import delete

    from app.auth.models import User
    from app.assignments.models import Assignment, Group
    from app.localinfo.models import LocalInfo

    if db.session.scalar(select(User.id).where(User.organisation_id == organisation.id).limit(1)) is not None:
        raise NotEmpty(organisation.name)
    db.session.execute(delete(Assignment).where(Assignment.organisation_id == organisation.id))
    db.session.execute(delete(Group).where(Group.organisation_id == organisation.id))
    db.session.execute(delete(LocalInfo).where(LocalInfo.organisation_id == organisation.id))
    db.session.execute(delete(CouncilTerm).where(CouncilTerm.organisation_id == organisation.id))
    db.session.delete(organisation)
    db.session.flush()
