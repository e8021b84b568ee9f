"""Each staff action writes one audit entry: who, what, on whom, from where; never answers or passwords."""
from __future__ import annotations

from sqlalchemy import select

from app.assignments.models import Assignment, Group
from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.extensions import db
from tests.conftest import submit
from tests.factories import CertificateFactory, UserFactory
from tests.griffie.conftest import assign, make_group
from tests.griffie.test_import import GOOD, confirm, upload


def entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def test_inviting_one_member(client, griffier):
    submit(client, "/griffie/leden/nieuw", {"name": "Anna de Vries", "email": "anna@voorbeeld.nl", "function": "raadslid"})
    [entry] = entries("member.invited")
    anna = db.session.scalar(select(User).where(User.email == "anna@voorbeeld.nl"))
    assert (entry.actor_id, entry.actor_name, entry.organisation_id, entry.target_type, entry.target_id, entry.ip) == (
        griffier.id, griffier.name, griffier.organisation_id, "User", anna.id, "127.0.0.1")


def test_csv_import_records_each_invitation(client, griffier):
    confirm(client, upload(client, GOOD).get_data(as_text=True))
    found = entries("member.invited")
    assert len(found) == 2 and all(e.details == {"via": "csv"} for e in found)


def test_resend_deactivate_reactivate(client, griffier, member_of):
    member = member_of("Lid Een", password=False)
    page = f"/griffie/leden/{member.id}"
    for action in ("uitnodiging", "deactiveren", "activeren"):
        submit(client, f"{page}/{action}", {}, page=page)
    assert [e.action for e in entries()] == ["member.invitation_resent", "member.deactivated", "member.reactivated"]
    assert {e.target_id for e in entries()} == {member.id}


def test_assignments_created_and_deleted(client, griffier, member_of, course):
    member = member_of("Lid Een")
    submit(client, "/griffie/toewijzingen/nieuw", {"course": course.course_id, "members": [member.id],
                                                  "deadline": "2026-12-31"})
    [created] = entries("assignment.created")
    assert created.details == {"course_id": course.course_id, "user_id": member.id, "group_id": None,
                               "deadline": "2026-12-31"}
    assignment_id = created.target_id
    submit(client, f"/griffie/toewijzingen/{assignment_id}/verwijderen", {}, page="/griffie/toewijzingen")
    [deleted] = entries("assignment.deleted")
    assert deleted.target_id == assignment_id and db.session.get(Assignment, assignment_id) is None


def test_group_changes(client, griffier, member_of):
    member = member_of("Lid Een")
    submit(client, "/griffie/groepen", {"name": "Raad"})
    group = db.session.scalar(select(Group))
    submit(client, f"/griffie/groepen/{group.id}", {"members": [member.id]})
    submit(client, f"/griffie/groepen/{group.id}/verwijderen", {}, page=f"/griffie/groepen/{group.id}")
    assert [(e.action, e.details) for e in entries()] == [
        ("group.created", {"name": "Raad"}), ("group.members_changed", {"added": [member.id], "removed": []}),
        ("group.deleted", {"name": "Raad"})]


def test_saving_a_group_unchanged_writes_nothing(client, griffier, member_of):
    member = member_of("Lid Een")
    group = make_group("Raad", griffier.organisation_id, [member])
    submit(client, f"/griffie/groepen/{group.id}", {"members": [member.id]})
    assert entries() == []


def test_certificate_revocation_keeps_the_reason_out(client, griffier, member_of):
    certificate = CertificateFactory(user=member_of("Lid Een"))
    db.session.commit()
    submit(client, f"/griffie/certificaten/{certificate.id}/intrekken", {"reason": "Verkeerde persoon"})
    [entry] = entries("certificate.revoked")
    assert entry.details == {"code": certificate.code, "user_id": certificate.user_id}


def test_admin_invitation_records_the_role(client, login_as):
    admin = login_as(Role.ADMIN)
    url = f"/beheer/organisaties/{admin.organisation_id}/uitnodigen"
    submit(client, url, {"name": "Gerda", "email": "gerda@voorbeeld.nl", "role": "griffier", "function": "raadslid"})
    [entry] = entries("user.invited")
    assert entry.details == {"role": "griffier"} and entry.organisation_id == admin.organisation_id


def test_course_publication_rollback_and_zip_import(client, login_as, course, tmp_path):
    from tests.authoring.test_versions import LESSON, NEW_TEXT
    from tests.authoring.test_zip import folder_zip
    from tests.authoring.test_zip import upload as upload_zip
    from tests.coursefiles import write_course

    login_as(Role.TRAINER)
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": NEW_TEXT})
    submit(client, "/auteur/testcursus/publiceren", {"note": "Nieuw"})
    submit(client, "/auteur/testcursus/versies/1/terugzetten", {"note": "Terug"})
    upload_zip(client, folder_zip(write_course(tmp_path / "ander", slug="anders")))
    assert [(e.action, e.details.get("version")) for e in entries()] == [
        ("course.published", 2), ("course.rolled_back", 3), ("course.import_started", None), ("course.imported", 1)]
    assert entries("course.rolled_back")[0].details["restored_from"] == 1


def test_a_refused_action_leaves_no_entry(client, griffier):
    other = UserFactory(role=Role.MEMBER)  # another organisation's member
    db.session.commit()
    submit(client, f"/griffie/leden/{other.id}/deactiveren", {}, page="/griffie/leden")
    assert entries() == []


def test_griffie_export_is_recorded(client, griffier, member_of, course):
    assign(course, user=member_of("Lid Een"))
    client.get(f"/griffie/overzicht.csv?cursus={course.course_id}")
    [entry] = entries("overview.exported")
    assert entry.details == {"cursus": str(course.course_id)} and entry.organisation_id == griffier.organisation_id


def test_the_demo_has_a_log_to_show(app, db):
    from pathlib import Path

    from app.courses.services import sync_courses
    from app.demo import seed

    sync_courses(Path(app.config["COURSES_DIR"]))
    seed()
    db.session.commit()
    griffier = db.session.scalar(select(User).where(User.email == "griffier@voorbeeld.example"))
    invited = [e for e in entries("member.invited") if e.actor_id == griffier.id]
    assert invited and all(e.organisation_id == griffier.organisation_id for e in invited)
    assert [e.actor_id for e in entries("certificate.revoked")] == [griffier.id]
