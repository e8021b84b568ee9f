"""Every turnover route per role and organisation: another organisation's turnover is 404, a member gets 403."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.turnover.models import Turnover
from tests.conftest import csrf_from, sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.turnover.conftest import confirm, upload


@pytest.fixture
def turnover(client, griffier, council) -> Turnover:
    confirm(client, upload(client))
    return db.session.scalar(select(Turnover))


def test_another_organisations_griffier_gets_404(client, turnover):
    other = UserFactory(role=Role.GRIFFIER, organisation=OrganisationFactory())
    db.session.commit()
    sign_in(client, other)
    assert client.get(f"/griffie/zittingsperiode/{turnover.id}").status_code == 404
    token = csrf_from(client.get("/griffie/zittingsperiode").get_data(as_text=True))
    assert client.post(f"/griffie/zittingsperiode/{turnover.id}/opnieuw", data={"csrf_token": token}).status_code == 404
    assert "Installatie op" not in client.get("/griffie/zittingsperiode").get_data(as_text=True)  # not in the list


@pytest.mark.parametrize("path,method", [("/griffie/zittingsperiode", "get"), ("/griffie/zittingsperiode/{id}", "get"),
                                         ("/griffie/zittingsperiode/bevestigen", "post"),
                                         ("/griffie/zittingsperiode/{id}/opnieuw", "post")])
def test_a_member_is_refused(client, turnover, council, path, method):
    sign_in(client, council["ook"])
    token = csrf_from(client.get("/account").get_data(as_text=True))
    url = path.format(id=turnover.id)
    response = client.post(url, data={"csrf_token": token}) if method == "post" else client.get(url)
    assert response.status_code == 403


def test_a_finished_turnover_is_not_started_again(client, turnover):
    page = client.get(f"/griffie/zittingsperiode/{turnover.id}").get_data(as_text=True)
    assert "Opnieuw proberen" not in page
    response = client.post(f"/griffie/zittingsperiode/{turnover.id}/opnieuw", data={"csrf_token": csrf_from(page)},
                           follow_redirects=True)
    assert "Er is niets opnieuw gestart." in response.get_data(as_text=True)
