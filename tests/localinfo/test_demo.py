"""The demo data shows every office and local information that is partly filled in."""
from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Function, User
from app.demo import seed
from app.localinfo.services import slot_values
from app.organisations.models import Organisation, OrganisationKind


def test_demo_has_every_office_and_partly_filled_local_information(db):
    seed()
    db.session.commit()
    kinds = {o.name: o.kind for o in db.session.scalars(select(Organisation))}
    assert kinds["Provincie Voorbeeld"] == OrganisationKind.PROVINCIE
    assert kinds["Waterschap Voorbeeld"] == OrganisationKind.WATERSCHAP
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert users["statenlid@provincie-voorbeeld.example"].function == Function.STATENLID
    assert users["bestuurder@waterschap-voorbeeld.example"].function == Function.WATERSCHAPSBESTUURDER
    assert users["burgemeester@voorbeeld.example"].function == Function.BURGEMEESTER
    assert users["wethouder@voorbeeld.example"].function == Function.WETHOUDER
    for organisation in db.session.scalars(select(Organisation)):
        values = slot_values(organisation.id)
        assert values, organisation.name
        assert len(values) < 6, f"{organisation.name} should leave some fields to the course"
