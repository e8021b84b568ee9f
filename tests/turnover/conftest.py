"""A provincie just before its election (December 2026; Provinciale Staten are elected on 17 March 2027)."""
from __future__ import annotations

import html as html_lib
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine

from app.auth.models import Role, User
from app.extensions import db
from app.organisations.models import OrganisationKind
from tests.conftest import csrf_from
from tests.factories import OrganisationFactory, UserFactory

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
HIDDEN = re.compile(r'name="(csv_text|request_key)" type="hidden" value="([^"]*)"')


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def provincie(db):
    organisation = OrganisationFactory(name="Provincie Proef", kind=OrganisationKind.PROVINCIE)
    db.session.commit()
    return organisation


@pytest.fixture
def griffier(login_as, provincie):
    return login_as(Role.GRIFFIER, organisation=provincie, email="griffier@proef.example")


@pytest.fixture
def council(db, provincie, griffier) -> dict[str, User]:
    """Three statenleden: one stays (name corrected in the list), one leaves, one stays unchanged."""
    people = {key: UserFactory(organisation=provincie, email=f"{key}@proef.example", name=name, function="statenlid")
              for key, name in (("blijft", "Bea Blijft"), ("vertrekt", "Vera Vertrekt"), ("ook", "Otto Ook"))}
    db.session.commit()
    return people


LIST = ("naam;e-mailadres;functie\n"
        "Bea Blijft-de Wit;BLIJFT@proef.example;statenlid\n"
        "Otto Ook;ook@proef.example;statenlid\n"
        "Nina Nieuw;nina@proef.example;statenlid\n")


def upload(client, text: str = LIST) -> str:
    token = csrf_from(client.get("/griffie/zittingsperiode").get_data(as_text=True))
    return client.post("/griffie/zittingsperiode", content_type="multipart/form-data",
                       data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "staten.csv")}).get_data(as_text=True)


def confirm(client, preview: str, **choices):
    hidden = {name: html_lib.unescape(value) for name, value in HIDDEN.findall(preview)}
    data = {"csrf_token": csrf_from(preview), **hidden, "installation_on": "2027-03-31", "course": "0", "weeks": "6",
            "update_details": "y"}
    data.update({key: str(value) for key, value in choices.items()})
    return client.post("/griffie/zittingsperiode/bevestigen", data=data)


def refresh(user: User) -> User:
    return db.session.get(User, user.id, populate_existing=True)
