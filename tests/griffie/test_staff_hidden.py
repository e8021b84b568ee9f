"""A griffier sees members only: staff accounts of the own organisation are neither listed nor opened."""
from __future__ import annotations

import pytest

from app.auth.models import Role
from tests.conftest import submit
from tests.factories import UserFactory

MEMBER_PAGES = ["/griffie/leden/{}", "/griffie/leden/{}/bewerken", "/griffie/leden/{}/gegevens-verwijderen"]
MEMBER_ACTIONS = ["/griffie/leden/{}/uitnodiging", "/griffie/leden/{}/deactiveren", "/griffie/leden/{}/activeren",
                  "/griffie/leden/{}/gegevens-verwijderen"]


@pytest.fixture
def staff(db, griffier):
    made = {role: UserFactory(organisation=griffier.organisation, role=role, name=f"Collega {role.value}")
            for role in (Role.GRIFFIER, Role.TRAINER, Role.ADMIN)}
    db.session.commit()
    return made


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.TRAINER, Role.ADMIN])
@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_staff_member_pages_are_404(client, staff, role, page):
    assert client.get(page.format(staff[role].id)).status_code == 404


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.TRAINER, Role.ADMIN])
@pytest.mark.parametrize("action", MEMBER_ACTIONS)
def test_staff_cannot_be_acted_on(client, staff, db, role, action):
    assert submit(client, action.format(staff[role].id), {"confirm": "y"}, page="/griffie/leden").status_code == 404
    db.session.expire_all()
    assert staff[role].active and staff[role].erased_at is None


def test_the_griffier_own_account_is_404_too(client, griffier):
    assert client.get(f"/griffie/leden/{griffier.id}").status_code == 404


def test_staff_are_not_listed_or_offered(client, staff, member_of):
    member_of("Gewoon Lid")
    for page in ("/griffie/leden", "/griffie/", "/griffie/groepen", "/griffie/toewijzingen/nieuw"):
        html = client.get(page).get_data(as_text=True)
        assert not any(user.name in html for user in staff.values()), page
    assert "Gewoon Lid" in client.get("/griffie/leden").get_data(as_text=True)


def test_probing_someone_elses_account_is_logged(client, griffier, staff, db, caplog):
    stranger = UserFactory(role=Role.MEMBER)  # another organisation's member
    db.session.commit()
    with caplog.at_level("WARNING", logger="app.tenancy"):
        client.get(f"/griffie/leden/{stranger.id}")
        client.get(f"/griffie/leden/{staff[Role.ADMIN].id}")
        client.get("/griffie/leden/999999")  # nobody: a plain 404, nothing to log
    lines = [r.getMessage() for r in caplog.records if "access refused" in r.getMessage()]
    assert [f"object=User:{stranger.id}" in lines[0], f"object=User:{staff[Role.ADMIN].id}" in lines[1]] == [True, True]
    assert len(lines) == 2 and all(f"user={griffier.id}" in line for line in lines)
