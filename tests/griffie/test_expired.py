"""A member whose certificate ran out: 'Certificaat verlopen' in the griffie's overview, not 'Afgerond';
back to the usual states once they take the course again; reminders only for a deadline after expiry."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.certificates.models import Certificate
from app.db_types import utcnow
from app.extensions import db
from app.griffie.progress import State, rows_for
from app.griffie.reminders import OVERDUE, UPCOMING, due_reminders
from app.learn.models import Enrollment
from app.learn.retake import start_round
from tests.factories import OrganisationFactory, UserFactory
from tests.griffie.conftest import NOW, assign, do_lessons
from tests.griffie.test_overview import table_rows

TODAY = NOW.date()


def ran_out(user, days_ago=1) -> Certificate:
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == user.id))
    certificate.expires_at = NOW - timedelta(days=days_ago)
    db.session.commit()
    return certificate


def states(organisation_id):
    return {row.name: row.state for row in rows_for(organisation_id, TODAY)}


def test_the_overview_says_expired_and_filters_on_it(client, griffier, member_of, course):
    valid, expired, revoked = member_of("Anna Geldig"), member_of("Bas Verlopen"), member_of("Cor Ingetrokken")
    for member in (valid, expired, revoked):
        assign(course, user=member)
        do_lessons(member, course, 5)
    ran_out(expired)
    db.session.scalar(select(Certificate).where(Certificate.user_id == revoked.id)).revoked_at = NOW
    db.session.commit()
    page = client.get("/griffie/").get_data(as_text=True)
    shown = {row[0]: row for row in table_rows(page)}
    assert "Certificaat verlopen" in " ".join(shown["Bas Verlopen"]) and "Afgerond" in " ".join(shown["Anna Geldig"])
    assert "Afgerond" in " ".join(shown["Cor Ingetrokken"])  # revoked on purpose: the griffie decides
    assert "Certificaat verlopen: <strong>1</strong>" in page  # the bar's legend counts it
    only = [row[0] for row in table_rows(client.get("/griffie/?status=expired").get_data(as_text=True))]
    assert only == ["Bas Verlopen"]
    assert states(griffier.organisation_id)["Bas Verlopen"] == State.EXPIRED  # the reminders' rows agree
    assert "Certificaat verlopen" in client.get("/griffie/overzicht.csv").get_data(as_text=True)
    assert "Certificaat verlopen" in client.get(f"/griffie/leden/{expired.id}").get_data(as_text=True)
    assert "Certificaat verlopen" not in client.get(f"/griffie/leden/{valid.id}").get_data(as_text=True)


def test_another_organisations_expired_member_is_not_shown(client, griffier, course):
    other = UserFactory(organisation=OrganisationFactory(), name="Elders Verlopen")
    db.session.commit()
    assign(course, user=other)
    do_lessons(other, course, 5)
    ran_out(other)
    assert "Elders Verlopen" not in client.get("/griffie/?status=expired").get_data(as_text=True)
    assert client.get(f"/griffie/leden/{other.id}").status_code == 404


def test_taking_the_course_again_brings_back_the_usual_states(griffier, member_of, course, frozen):
    member = member_of("Dirk Opnieuw")
    assign(course, user=member, deadline=TODAY + timedelta(days=30))
    do_lessons(member, course, 5)
    old = ran_out(member)
    frozen.shift(timedelta(minutes=5))  # the member presses "Training opnieuw doen" later that day
    start_round(db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id)), course.id, utcnow())
    db.session.commit()
    assert states(griffier.organisation_id)["Dirk Opnieuw"] == State.NOT_STARTED
    do_lessons(member, course, 2)
    assert states(griffier.organisation_id)["Dirk Opnieuw"] == State.IN_PROGRESS
    do_lessons(member, course, 5)
    assert states(griffier.organisation_id)["Dirk Opnieuw"] == State.COMPLETED
    assert db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id)) is not None


def test_reminders_only_for_a_deadline_after_the_certificate_ran_out(griffier, member_of, course):
    met, asked_again, late_again = member_of("Eva Gehaald"), member_of("Fien Gevraagd"), member_of("Gijs Te Laat")
    assign(course, user=met, deadline=TODAY - timedelta(days=400))  # met long ago by the completion
    assign(course, user=asked_again, deadline=TODAY + timedelta(days=3))  # set after expiry: a new round
    assign(course, user=late_again, deadline=TODAY - timedelta(days=2))
    for member in (met, asked_again, late_again):
        do_lessons(member, course, 5)
        ran_out(member, days_ago=10)
    found = sorted((d.row.name, d.kind) for d in due_reminders(griffier.organisation_id, TODAY, 7, 7))
    assert found == [("Fien Gevraagd", UPCOMING), ("Gijs Te Laat", OVERDUE)]
