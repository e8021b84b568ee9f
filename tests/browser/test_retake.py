"""Taking a course again in the browser (issue 17): a member of a separate organisation whose
certificate ran out long after the refresher window sees it on the dashboard and course page, the
griffie sees 'Certificaat verlopen', the member starts again, and the administrator sees a scheduled
leaver. Every changed page: one h1, axe-clean at 1280 and 320 px. Its own organisation, so the demo
councils the other browser tests count stay as they are."""
from __future__ import annotations

import re
from datetime import timedelta

from tests.browser.helpers import check_widths, expect, login

MEMBER = "herkansing@herkansing.example"
GRIFFIER = "griffie@herkansing.example"
LEAVER = "vertrekker@herkansing.example"
COURSE = "/leren/weerbaar-besturen"


def _prepare(live_server) -> int:
    """The organisation, its griffier, a member whose certificate ran out 200 days ago (the refresher
    is open for 180), with the course assigned, and a leaver whose deactivation day is next month."""
    from sqlalchemy import select

    from app.assignments.models import Assignment
    from app.auth.models import Function, Role, User
    from app.auth.passwords import hash_password
    from app.auth.totp import enable_with_secret
    from app.certificates.services import issue_certificate
    from app.courses.models import Course
    from app.courses.services import latest_version
    from app.db_types import local_day, utcnow
    from app.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from app.extensions import db
    from app.learn.models import Enrollment
    from app.organisations.models import Organisation, OrganisationKind

    with live_server.app.app_context():
        organisation = Organisation(name="Gemeente Herkansing", kind=OrganisationKind.GEMEENTE)
        db.session.add(organisation)
        db.session.flush()
        people = {}
        for email, name, role in ((MEMBER, "Hanna Herkansing", Role.MEMBER), (GRIFFIER, "Gijs Griffie", Role.GRIFFIER),
                                  (LEAVER, "Vera Vertrek", Role.MEMBER)):
            people[email] = User(organisation=organisation, email=email, name=name, role=role, invited_at=utcnow(),
                                 function=Function.RAADSLID if role == Role.MEMBER else None,
                                 password_hash=hash_password(DEMO_PASSWORD), password_set_at=utcnow())
            db.session.add(people[email])
        people[LEAVER].deactivate_on = local_day(utcnow()) + timedelta(days=30)
        db.session.flush()
        enable_with_secret(people[GRIFFIER], DEMO_TOTP_SECRET)
        version = latest_version(db.session.scalar(select(Course).where(Course.slug == "weerbaar-besturen")))
        long_ago = utcnow() - timedelta(days=900)
        enrollment = Enrollment(user_id=people[MEMBER].id, course_id=version.course_id, version_id=version.id,
                                started_at=long_ago, completed_at=long_ago)
        db.session.add(enrollment)
        db.session.flush()
        certificate = issue_certificate(enrollment)
        certificate.issued_at, certificate.expires_at = long_ago, utcnow() - timedelta(days=200)
        db.session.add(Assignment(organisation_id=organisation.id, course_id=version.course_id,
                                  user_id=people[MEMBER].id))
        db.session.commit()
        return people[LEAVER].id


def test_an_expired_certificate_offers_the_whole_course_again(page, new_context, live_server):
    leaver_id = _prepare(live_server)

    griffie = new_context().new_page()
    login(griffie, GRIFFIER)
    griffie.goto("/griffie/?status=expired")
    expect(griffie.locator("#overzicht").get_by_text("Hanna Herkansing")).to_be_visible()
    expect(griffie.locator("#overzicht").get_by_text("Certificaat verlopen")).to_be_visible()
    check_widths(griffie, "griffie overview with an expired certificate")

    login(page, MEMBER)
    page.goto("/leren/")
    expect(page.get_by_text("doe de training opnieuw")).to_be_visible()
    check_widths(page, "dashboard offering the course again")
    page.goto(COURSE)
    expect(page.get_by_role("heading", level=2, name="Training opnieuw doen")).to_be_visible()
    check_widths(page, "course page offering the course again")
    page.get_by_role("button", name=re.compile("^Training opnieuw doen")).click()
    expect(page.get_by_text("Je doet de training opnieuw.")).to_be_visible()
    expect(page.get_by_text("Voortgang: 0 van")).to_be_visible()
    check_widths(page, "course page at the start of the new round")

    admin = new_context().new_page()
    login(admin, "beheerder@voorbeeld.example")
    admin.goto(f"/beheer/gebruikers/{leaver_id}")
    expect(admin.get_by_text("Gedeactiveerd vanaf")).to_be_visible()
    check_widths(admin, "admin user page of a scheduled leaver")
