"""A leaver of the old council (deactivate_on, set by the turnover flow) counts as deactivated from that
day on the administrator's pages and figures, and gets no certificate expiry mail after it."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine

from app.auth.models import Role
from app.extensions import db
from app.assignments.models import Assignment
from tests.factories import CertificateFactory, OrganisationFactory, UserFactory

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)


def leaving(organisation, on: date, **fields):
    return UserFactory(organisation=organisation, deactivate_on=on, **fields)


def test_admin_pages_say_deactivated_from_the_day_and_scheduled_before(client, login_as):
    with time_machine.travel(NOW, tick=False):
        login_as(Role.ADMIN)
        organisation = OrganisationFactory(name="Provincie Proef")
        gone = leaving(organisation, date(2027, 3, 25), name="Gert Vertrokken")
        soon = leaving(organisation, date(2027, 4, 10), name="Sanne Straks")
        db.session.commit()
        listing = client.get(f"/beheer/organisaties/{organisation.id}").get_data(as_text=True)
        found = client.get("/beheer/gebruikers?q=tr").get_data(as_text=True)
        gone_page = client.get(f"/beheer/gebruikers/{gone.id}").get_data(as_text=True)
        soon_page = client.get(f"/beheer/gebruikers/{soon.id}").get_data(as_text=True)
    for page in (listing, found):
        gone_row = page[page.index("Gert Vertrokken"):].split("</tr>")[0]
        soon_row = page[page.index("Sanne Straks"):].split("</tr>")[0]
        assert "Gedeactiveerd" in gone_row and "vanaf" not in gone_row
        assert "Gedeactiveerd vanaf 10 april 2027" in soon_row
    assert "Weer activeren" in gone_page and "Deactiveren</button>" not in gone_page
    assert "Gedeactiveerd vanaf 10 april 2027 (de installatie van de nieuwe raad of Staten)" in soon_page
    assert "Deactiveren</button>" in soon_page


def test_usage_no_longer_counts_a_leaver_after_the_day(client, login_as, course):
    with time_machine.travel(NOW, tick=False):
        login_as(Role.ADMIN)
        organisation = OrganisationFactory(name="Gemeente Wissel")
        stays = UserFactory(organisation=organisation)
        gone = leaving(organisation, date(2027, 3, 25))
        db.session.flush()
        for member in (stays, gone):
            db.session.add(Assignment(organisation_id=organisation.id, course_id=course.course_id, user_id=member.id))
        db.session.commit()
        html = client.get("/beheer/gebruik").get_data(as_text=True)
    row = html[html.index("Gemeente Wissel"):].split("</tr>")[0]
    assert row.count('<td class="num">1</td>') >= 2  # one member, one assignment: the leaver is gone


def test_no_expiry_mail_to_a_leaver_after_the_deactivation_day(app, db, outbox):
    from app.certificates.services import send_expiry_reminders

    organisation = OrganisationFactory()
    stays = CertificateFactory(expires_at=NOW + timedelta(days=10), user=UserFactory(organisation=organisation))
    CertificateFactory(expires_at=NOW + timedelta(days=10),
                       user=leaving(organisation, NOW.date() - timedelta(days=1)))
    later = CertificateFactory(expires_at=NOW + timedelta(days=10),
                               user=leaving(organisation, NOW.date() + timedelta(days=3)))
    db.session.commit()
    with time_machine.travel(NOW, tick=False):
        assert send_expiry_reminders(NOW, 30) == (2, [])
        db.session.commit()
    recipients = sorted(line for message in outbox() for line in message.splitlines() if line.startswith("To: "))
    assert recipients == sorted([f"To: {stays.user.email}", f"To: {later.user.email}"])
