"""Erasure: asked for by the member, carried out by the griffie or administrator; certificates stay verifiable."""
from __future__ import annotations

from sqlalchemy import func, select

from app.assignments.models import Assignment, group_member
from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.certificates.models import Certificate
from app.extensions import db
from app.griffie.models import Reminder
from app.learn.models import Enrollment, LessonProgress
from app.mail.models import OutboundEmail
from app.privacy import signals
from app.quizzes.models import Answer, Attempt
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, UserFactory


def as_user(client, user):
    client.get("/uitloggen")
    sign_in(client, user)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_member_asks_with_confirmation_and_can_withdraw(client, rich_member, griffier):
    as_user(client, rich_member)
    refused = submit(client, "/mijn-gegevens/verwijderen", {})
    assert "Zet een vinkje" in refused.get_data(as_text=True)
    response = submit(client, "/mijn-gegevens/verwijderen", {"confirm": "y"})
    assert "Je verzoek is ontvangen" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert rich_member.erasure_requested_at is not None
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.erasure_requested")).all()
    assert (entry.target_id, entry.organisation_id, entry.ip) == (rich_member.id, rich_member.organisation_id, "127.0.0.1")

    as_user(client, griffier)
    listed = client.get("/griffie/leden?account=verwijderen").get_data(as_text=True)
    assert "Rijk Lid" in listed and "Vraagt om verwijderen" in listed

    as_user(client, rich_member)
    submit(client, "/mijn-gegevens/verwijderen/intrekken", {}, page="/mijn-gegevens")
    db.session.expire_all()
    assert rich_member.erasure_requested_at is None


def test_griffier_erases_and_the_certificate_stays_verifiable(app, client, rich_member, griffier):
    member_id, code = rich_member.id, rich_member.certificate.code
    page = f"/griffie/leden/{member_id}/gegevens-verwijderen"
    assert "Zet een vinkje" in submit(client, page, {}).get_data(as_text=True)
    response = submit(client, page, {"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, member_id)
    assert user.erased_at is not None and not user.active and user.password_hash is None
    assert "Rijk" not in user.name and "rijk@voorbeeld.nl" != user.email and user.function is None
    for model, where in ((group_member, group_member.c.user_id == member_id), (Assignment, Assignment.user_id == member_id),
                         (Reminder, Reminder.user_id == member_id), (Enrollment, Enrollment.user_id == member_id),
                         (Attempt, Attempt.user_id == member_id)):
        assert count(model, where) == 0, model
    assert count(Answer) == 0 and count(LessonProgress) == 0
    assert count(OutboundEmail, OutboundEmail.to_address == "rijk@voorbeeld.nl") == 0  # the mail log too
    certificate = db.session.scalar(select(Certificate).where(Certificate.code == code))
    assert certificate.name == "" and certificate.pdf == b"" and certificate.holder_erased_at is not None
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.erased")).all()
    assert (entry.actor_id, entry.target_id, entry.details) == (griffier.id, member_id, {"reason": "request"})

    verify = app.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert "Dit certificaat is geldig." in verify and code in verify
    assert "De gegevens van de houder zijn" in verify and "Rijk Lid" not in verify

    assert client.get(f"/griffie/leden/{member_id}").status_code == 404
    assert "Rijk Lid" not in client.get("/griffie/leden").get_data(as_text=True)
    assert client.get(f"/griffie/certificaten/{certificate.id}.pdf").status_code == 404
    assert "Gegevens verwijderd" in client.get("/griffie/certificaten").get_data(as_text=True)
    login = submit(app.test_client(), "/login", {"email": "rijk@voorbeeld.nl", "password": PASSWORD})
    assert login.status_code == 200  # the form again: the account is gone


def test_erasure_ends_the_members_session(app, client, rich_member, griffier):
    theirs = app.test_client()
    as_user(theirs, rich_member)
    assert theirs.get("/mijn-gegevens").status_code == 200
    submit(client, f"/griffie/leden/{rich_member.id}/gegevens-verwijderen", {"confirm": "y"})
    assert theirs.get("/mijn-gegevens").status_code == 302


def test_admin_erases_a_staff_account_and_its_name_leaves_the_trail(client, griffier, login_as, member_of):
    member = member_of("Lid Een")
    submit(client, f"/griffie/leden/{member.id}/deactiveren", {}, page=f"/griffie/leden/{member.id}")
    griffier_id = griffier.id
    client.get("/uitloggen")
    admin = login_as(Role.ADMIN)
    html = client.get(f"/beheer/organisaties/{griffier.organisation_id}").get_data(as_text=True)
    assert f"/beheer/gebruikers/{griffier_id}/gegevens-verwijderen" in html
    user_page = client.get(f"/beheer/gebruikers/{griffier_id}").get_data(as_text=True)
    assert f"/beheer/gebruikers/{griffier_id}/gegevens-verwijderen" in user_page
    submit(client, f"/beheer/gebruikers/{griffier_id}/gegevens-verwijderen", {"confirm": "y"})
    db.session.expire_all()
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == griffier_id)).all()
    assert entries and all(e.actor_name == "Verwijderd account" for e in entries)
    assert client.get(f"/beheer/gebruikers/{admin.id}/gegevens-verwijderen").status_code == 404  # not oneself
    assert client.get(f"/beheer/gebruikers/{griffier_id}/gegevens-verwijderen").status_code == 404  # done already
    assert client.get(f"/beheer/gebruikers/{griffier_id}").status_code == 404  # nothing left to manage
    assert "Verwijderd account" not in client.get(f"/beheer/organisaties/{griffier.organisation_id}").get_data(as_text=True)


def test_packages_holding_their_own_data_are_told(client, rich_member, griffier):
    told = []

    def forget(user):
        told.append(user.id)

    signals.erasing.connect(forget)
    try:
        submit(client, f"/griffie/leden/{rich_member.id}/gegevens-verwijderen", {"confirm": "y"})
    finally:
        signals.erasing.disconnect(forget)
    assert told == [rich_member.id]


def test_another_organisations_griffier_cannot_erase(client, rich_member, db):
    other = UserFactory(role=Role.GRIFFIER)
    db.session.commit()
    as_user(client, other)
    assert submit(client, f"/griffie/leden/{rich_member.id}/gegevens-verwijderen", {"confirm": "y"},
                  page="/griffie/leden").status_code == 404
    db.session.expire_all()
    assert rich_member.erased_at is None


def test_names_in_entries_about_the_person_are_blanked(client, rich_member, griffier):
    from app.audit.services import record

    record("member.edited", actor=griffier, organisation_id=griffier.organisation_id, target=rich_member,
           details={"name": ["Rijk Lid", "Rijk Lid-Jansen"]})
    record("certificate.reissued", actor=griffier, organisation_id=griffier.organisation_id,
           target=rich_member.certificate, details={"code": "X", "old_name": "Rijk Lid", "new_name": "Rijk Lid-Jansen"})
    db.session.commit()
    submit(client, f"/griffie/leden/{rich_member.id}/gegevens-verwijderen", {"confirm": "y"})
    db.session.expire_all()
    texts = [str(e.details) for e in db.session.scalars(select(AuditEntry))]
    assert not any("Rijk" in text for text in texts)
    edited = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.edited"))
    assert edited.details == {"name": "verwijderd"}  # what changed still reads, not the values
