from app.audit.models import AuditEntry
from app.audit.services import record
from tests.factories import OrganisationFactory, UserFactory


def test_entry_keeps_actor_name_and_target(db):
    organisation = OrganisationFactory()
    griffier = UserFactory(name="Gerda Griffier", organisation=organisation)
    member = UserFactory(organisation=organisation)
    db.session.flush()
    record("member.deactivated", actor=griffier, organisation_id=organisation.id, target=member, ip="192.0.2.7")
    db.session.commit()

    entry = db.session.scalars(db.select(AuditEntry)).one()
    assert (entry.action, entry.actor_name, entry.target_type, entry.target_id, entry.ip) == (
        "member.deactivated", "Gerda Griffier", "User", member.id, "192.0.2.7")


def test_rolled_back_action_leaves_no_entry(db):
    record("course.published", details={"version": 3})
    db.session.rollback()
    assert db.session.scalars(db.select(AuditEntry)).all() == []
