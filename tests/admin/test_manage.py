"""The administrator's everyday work, each change audited."""
from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.extensions import db
from app.griffie.models import Assignment, Group
from app.organisations.models import Organisation
from tests.conftest import submit
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def post(client, url: str, page: str, data: dict | None = None):
    return submit(client, url, data or {}, page=page)


def test_rename_an_organisation(client, login_as, db):
    login_as(Role.ADMIN)
    organisation = OrganisationFactory(name="Gemeente Voorbeld")
    OrganisationFactory(name="Gemeente Anderstad")
    db.session.commit()
    url = f"/beheer/organisaties/{organisation.id}/bewerken"
    taken = submit(client, url, {"name": "gemeente anderstad"}).get_data(as_text=True)
    assert 'href="#name">Er is al een organisatie met deze naam.' in taken
    assert submit(client, url, {"name": "Gemeente Voorbeeld"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).name == "Gemeente Voorbeeld"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organisation.renamed"))
    assert entry.details == {"old": "Gemeente Voorbeld", "new": "Gemeente Voorbeeld"}


def test_a_deactivated_organisation_cannot_log_in_until_it_is_active_again(client, login_as, db, app):
    login_as(Role.ADMIN)
    organisation = OrganisationFactory()
    UserFactory(organisation=organisation, email="lid@org.example")
    db.session.commit()
    page = f"/beheer/organisaties/{organisation.id}/bewerken"
    post(client, f"/beheer/organisaties/{organisation.id}/deactiveren", page)
    other = app.test_client()
    failed = submit(other, "/login", {"email": "lid@org.example", "password": PASSWORD})
    assert failed.status_code == 200
    assert "Gedeactiveerd: de accounts kunnen niet inloggen" in client.get(
        f"/beheer/organisaties/{organisation.id}").get_data(as_text=True)
    post(client, f"/beheer/organisaties/{organisation.id}/activeren", page)
    assert submit(other, "/login", {"email": "lid@org.example", "password": PASSWORD}).status_code == 302
    assert actions()[-2:] == ["organisation.deactivated", "organisation.activated"]


def test_the_administrator_cannot_deactivate_their_own_organisation(client, login_as, db):
    admin = login_as(Role.ADMIN)
    page = f"/beheer/organisaties/{admin.organisation_id}/bewerken"
    post(client, f"/beheer/organisaties/{admin.organisation_id}/deactiveren", page)
    db.session.expire_all()
    assert db.session.get(Organisation, admin.organisation_id).active


def test_only_an_empty_organisation_can_be_removed(client, login_as, db):
    login_as(Role.ADMIN)
    empty, used = OrganisationFactory(name="Leeg"), OrganisationFactory(name="Gebruikt")
    UserFactory(organisation=used)
    db.session.flush()
    db.session.add(Group(organisation_id=empty.id, name="Raad"))
    db.session.commit()
    empty_id = empty.id
    page = f"/beheer/organisaties/{used.id}/bewerken"
    assert "kan daarom niet worden verwijderd" in client.get(page).get_data(as_text=True)
    post(client, f"/beheer/organisaties/{used.id}/verwijderen", page)
    post(client, f"/beheer/organisaties/{empty.id}/verwijderen", f"/beheer/organisaties/{empty.id}/bewerken")
    db.session.expire_all()
    assert db.session.get(Organisation, used.id) is not None and db.session.get(Organisation, empty_id) is None
    assert db.session.scalar(select(Group).where(Group.organisation_id == empty_id)) is None
    assert "organisation.removed" in actions()


def test_change_a_staff_members_role_ends_their_sessions(client, login_as, db):
    login_as(Role.ADMIN)
    griffier = UserFactory(role=Role.GRIFFIER, name="Gerda Griffier", email="gerda@org.example")
    db.session.commit()
    token = griffier.session_token
    url = f"/beheer/gebruikers/{griffier.id}"
    response = submit(client, url, {"name": "Gerda Griffier", "email": "gerda@org.example", "role": "trainer",
                                    "function": "anders"})
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, griffier.id)
    assert changed.role == Role.TRAINER and changed.session_token != token
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.edited"))
    assert entry.details["role"] == ["griffier", "trainer"]


def test_an_address_in_use_undoes_the_role_change_too(client, login_as, db):
    login_as(Role.ADMIN)
    griffier = UserFactory(role=Role.GRIFFIER, email="gerda@org.example")
    UserFactory(email="bezet@org.example")
    db.session.commit()
    html = submit(client, f"/beheer/gebruikers/{griffier.id}",
                  {"name": griffier.name, "email": "bezet@org.example", "role": "admin", "function": "anders"}
                  ).get_data(as_text=True)
    assert 'href="#email">Dit e-mailadres is al in gebruik' in html
    db.session.expire_all()
    assert db.session.get(User, griffier.id).role == Role.GRIFFIER


def test_the_administrator_cannot_change_their_own_role(client, login_as, db):
    admin = login_as(Role.ADMIN, email="beheer@org.example")
    html = submit(client, f"/beheer/gebruikers/{admin.id}",
                  {"name": admin.name, "email": "beheer@org.example", "role": "member", "function": "raadslid"}
                  ).get_data(as_text=True)
    assert "Je kunt je eigen rol niet veranderen" in html
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == Role.ADMIN


def test_deactivate_a_trainer_and_resend_a_griffiers_invitation(client, login_as, db, outbox):
    login_as(Role.ADMIN)
    trainer = UserFactory(role=Role.TRAINER)
    invited = UserFactory(role=Role.GRIFFIER, email="nieuw@org.example", password=False)
    db.session.commit()
    post(client, f"/beheer/gebruikers/{trainer.id}/deactiveren", f"/beheer/gebruikers/{trainer.id}")
    post(client, f"/beheer/gebruikers/{invited.id}/uitnodiging", f"/beheer/gebruikers/{invited.id}")
    db.session.expire_all()
    assert not db.session.get(User, trainer.id).active
    [message] = outbox()
    assert "To: nieuw@org.example" in message and "Uitnodiging voor Weerbaar Leren" in message
    assert {"user.deactivated", "user.invitation_resent"} <= set(actions())


def test_edit_a_members_name_address_and_groups(client, login_as, db, outbox):
    login_as(Role.ADMIN)
    member = UserFactory(name="Anan", email="oud@org.example")
    raad = Group(organisation_id=member.organisation_id, name="Raad")
    elsewhere = Group(organisation_id=OrganisationFactory().id, name="Elders")
    db.session.add_all([raad, elsewhere])
    db.session.commit()
    submit(client, f"/beheer/gebruikers/{member.id}", {"name": "Anna", "email": "nieuw@org.example", "role": "member",
                                                        "function": "wethouder", "groups": [raad.id]})
    db.session.expire_all()
    changed = db.session.get(User, member.id)
    assert changed.name == "Anna" and changed.email == "oud@org.example" and changed.pending_email == "nieuw@org.example"
    assert [m.id for m in db.session.get(Group, raad.id).members] == [member.id]
    assert any("To: nieuw@org.example" in m for m in outbox())


def test_search_finds_accounts_across_organisations(client, login_as, db):
    login_as(Role.ADMIN)
    UserFactory(name="Jan Voorbeeld", organisation=OrganisationFactory(name="Gemeente Een"))
    UserFactory(name="Petra", email="jan.p@twee.example", organisation=OrganisationFactory(name="Gemeente Twee"))
    UserFactory(name="Karel")
    db.session.commit()
    assert "accounts gevonden" not in client.get("/beheer/gebruikers").get_data(as_text=True)
    html = client.get("/beheer/gebruikers?q=JAN").get_data(as_text=True)
    assert "2 accounts gevonden" in html and "Gemeente Een" in html and "Gemeente Twee" in html
    assert "Karel" not in html
    assert "Geen accounts gevonden met „xyz”." in client.get("/beheer/gebruikers?q=xyz").get_data(as_text=True)


def test_usage_counts_members_and_completion_in_a_fixed_number_of_queries(client, login_as, db, count_queries, course):
    from app.learn import services as learn

    login_as(Role.ADMIN)

    def organisation_with(name: str, members: int, done: int) -> None:
        organisation = OrganisationFactory(name=name)
        people = [UserFactory(organisation=organisation) for _ in range(members)]
        db.session.flush()
        group = Group(organisation_id=organisation.id, name="Raad", members=people)
        db.session.add(group)
        db.session.flush()
        db.session.add(Assignment(organisation_id=organisation.id, course_id=course.course_id, group_id=group.id))
        db.session.add(Assignment(organisation_id=organisation.id, course_id=course.course_id, user_id=people[0].id))
        for person in people[:done]:
            enrollment = learn.start_enrollment(person, course)
            for lesson in course.lessons:
                learn.complete_lesson(enrollment, lesson)
        db.session.commit()

    organisation_with("Gemeente A", 4, 1)
    with count_queries() as few:
        html = client.get("/beheer/gebruik").get_data(as_text=True)
    row = html[html.index("Gemeente A"):].split("</tr>")[0]
    assert '<td class="num">4</td>' in row and "1 (25%)" in row  # assigned twice to one person: counted once
    for n in range(5):
        organisation_with(f"Gemeente B{n}", 3, 3)
    with count_queries() as many:
        html = client.get("/beheer/gebruik").get_data(as_text=True)
    assert len(many) == len(few) and "3 (100%)" in html


def test_search_query_count_does_not_grow(client, login_as, db, count_queries):
    login_as(Role.ADMIN)
    UserFactory(name="Jan Een")
    db.session.commit()
    with count_queries() as few:
        client.get("/beheer/gebruikers?q=jan")
    for n in range(15):
        UserFactory(name=f"Jan {n}", organisation=OrganisationFactory())
    db.session.commit()
    with count_queries() as many:
        html = client.get("/beheer/gebruikers?q=jan").get_data(as_text=True)
    assert "16 accounts gevonden" in html and len(many) == len(few)
