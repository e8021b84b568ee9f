"""Members and groups: deactivate at the end of a term, reactivate, filter, group membership."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.griffie.models import Assignment, Group
from tests.conftest import submit
from tests.factories import PASSWORD, CertificateFactory, UserFactory
from tests.griffie.conftest import assign, make_group


def log_in(client, email: str):
    return submit(client, "/login", {"email": email, "password": PASSWORD})


def test_a_deactivated_member_cannot_log_in_but_stays_verifiable(app, client, griffier, member_of):
    member = member_of("Eindigt Termijn", email="eind@voorbeeld.nl")
    certificate = CertificateFactory(user=member)
    db.session.commit()
    response = submit(client, f"/griffie/leden/{member.id}/deactiveren", {}, page=f"/griffie/leden/{member.id}")
    assert "Eindigt Termijn is gedeactiveerd" in client.get(response.headers["Location"]).get_data(as_text=True)

    other = app.test_client()
    refused = log_in(other, "eind@voorbeeld.nl")
    assert refused.status_code == 200 and "<h1>Inloggen</h1>" in refused.get_data(as_text=True)  # the form again
    assert other.get("/leren/").status_code == 302
    assert "Geldig" in other.get(f"/verify/{certificate.code}").get_data(as_text=True)

    submit(client, f"/griffie/leden/{member.id}/activeren", {}, page=f"/griffie/leden/{member.id}")
    assert log_in(app.test_client(), "eind@voorbeeld.nl").status_code == 302


def test_deactivating_ends_the_members_open_session(app, client, griffier, member_of):
    member = member_of("Al Ingelogd", email="ingelogd@voorbeeld.nl")
    theirs = app.test_client()
    log_in(theirs, "ingelogd@voorbeeld.nl")
    assert theirs.get("/leren/").status_code == 200
    submit(client, f"/griffie/leden/{member.id}/deactiveren", {}, page=f"/griffie/leden/{member.id}")
    assert theirs.get("/leren/").status_code == 302


def test_a_griffier_cannot_switch_off_a_colleague(client, griffier, db):
    colleague = UserFactory(organisation=griffier.organisation, role="griffier")
    db.session.commit()
    assert submit(client, f"/griffie/leden/{colleague.id}/deactiveren", {}, page="/griffie/leden").status_code == 404


def test_the_member_list_filters_by_account(client, griffier, member_of):
    member_of("Actief Lid")
    member_of("Nieuw Lid", password=False)
    member_of("Oud Lid", active=False)
    names = lambda query: [n for n in ("Actief Lid", "Nieuw Lid", "Oud Lid")  # noqa: E731
                           if n in client.get(f"/griffie/leden?{query}").get_data(as_text=True)]
    assert names("") == ["Actief Lid", "Nieuw Lid", "Oud Lid"]
    assert names("account=uitgenodigd") == ["Nieuw Lid"]
    assert names("account=gedeactiveerd") == ["Oud Lid"]
    assert names("account=actief") == ["Actief Lid"]


def test_a_group_is_made_filled_and_removed(client, griffier, member_of, course):
    anna, bas = member_of("Anna"), member_of("Bas")
    response = submit(client, "/griffie/groepen", {"name": "Nieuwe raadsleden 2026"})
    group = db.session.scalar(select(Group))
    assert response.headers["Location"] == f"/griffie/groepen/{group.id}"
    submit(client, f"/griffie/groepen/{group.id}", {"members": [anna.id, bas.id]})
    html = client.get("/griffie/groepen").get_data(as_text=True)
    assert "Nieuwe raadsleden 2026" in html and '<td class="num">2</td>' in html
    assert "Nieuwe raadsleden 2026" in client.get(f"/griffie/leden/{anna.id}").get_data(as_text=True)
    again = submit(client, "/griffie/groepen", {"name": "nieuwe RAADSLEDEN 2026"}).get_data(as_text=True)
    assert "Er is al een groep met deze naam." in again
    assign(course, group=group)
    submit(client, f"/griffie/groepen/{group.id}/verwijderen", {}, page=f"/griffie/groepen/{group.id}")
    assert db.session.scalar(select(func.count()).select_from(Group)) == 0
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0
    assert {anna.id, bas.id} <= set(db.session.scalars(select(User.id)))  # the members stay


def test_group_pages_query_count_does_not_grow(client, griffier, member_of, count_queries):
    group = make_group("Raad", griffier.organisation_id, [member_of("Eerste")])
    with count_queries() as few:
        client.get("/griffie/groepen")
        client.get(f"/griffie/groepen/{group.id}")
        client.get("/griffie/toewijzingen")
    more = [member_of(f"Lid {n}") for n in range(15)]
    group = db.session.get(Group, group.id)
    group.members.extend(more)
    db.session.commit()
    with count_queries() as many:
        client.get("/griffie/groepen")
        client.get(f"/griffie/groepen/{group.id}")
        client.get("/griffie/toewijzingen")
    assert len(many) == len(few)


def test_the_group_picker_filters_on_the_server_and_tells_people_apart(client, griffier, member_of):
    from app.griffie.models import Group

    twins = [member_of("Jan de Boer", email="jan.raad@voorbeeld.nl"),
             member_of("Jan de Boer", email="jan.college@voorbeeld.nl", function="wethouder")]
    other = member_of("Petra Smit", email="petra@voorbeeld.nl")
    group = Group(organisation_id=griffier.organisation_id, name="Raad", members=[other])
    db.session.add(group)
    db.session.commit()
    html = client.get(f"/griffie/groepen/{group.id}?zoek=jan").get_data(as_text=True)
    assert "jan.raad@voorbeeld.nl" in html and "jan.college@voorbeeld.nl" in html and "Wethouder" in html
    assert "Petra Smit" not in html and "2 van 3 leden getoond." in html
    assert f'href="/griffie/groepen/{group.id}?alle=1&amp;zoek=jan#leden"' in html
    ticked = client.get(f"/griffie/groepen/{group.id}?zoek=jan&alle=1").get_data(as_text=True)
    assert ticked.count(" checked>") == 2
    # Save the filtered list with both Jans ticked: Petra, not shown, stays in the group.
    shown = ",".join(str(t.id) for t in twins)
    submit(client, f"/griffie/groepen/{group.id}?zoek=jan", {"members": [t.id for t in twins], "shown": shown},
           page=f"/griffie/groepen/{group.id}?zoek=jan")
    db.session.expire_all()
    assert sorted(m.email for m in db.session.get(Group, group.id).members) == [
        "jan.college@voorbeeld.nl", "jan.raad@voorbeeld.nl", "petra@voorbeeld.nl"]
    # Unticking one shown member removes only that one.
    submit(client, f"/griffie/groepen/{group.id}?zoek=college", {"members": [], "shown": str(twins[1].id)},
           page=f"/griffie/groepen/{group.id}?zoek=college")
    db.session.expire_all()
    assert sorted(m.email for m in db.session.get(Group, group.id).members) == [
        "jan.raad@voorbeeld.nl", "petra@voorbeeld.nl"]


def test_the_picker_without_a_filter_still_saves_the_whole_list(client, griffier, member_of):
    from app.griffie.models import Group

    a, b = member_of("Anna"), member_of("Bert")
    group = Group(organisation_id=griffier.organisation_id, name="Raad", members=[a])
    db.session.add(group)
    db.session.commit()
    page = client.get(f"/griffie/groepen/{group.id}").get_data(as_text=True)
    assert "Geen leden gevonden" not in page and 'src="/static/js/picker.js"' in page and "<script>" not in page
    submit(client, f"/griffie/groepen/{group.id}", {"members": [b.id], "shown": f"{a.id},{b.id}"})
    db.session.expire_all()
    assert [m.name for m in db.session.get(Group, group.id).members] == ["Bert"]
    nothing = client.get(f"/griffie/groepen/{group.id}?zoek=xyz").get_data(as_text=True)
    assert "Geen leden gevonden met „xyz”." in nothing
