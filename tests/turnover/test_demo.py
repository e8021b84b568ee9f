"""The demo's provincie, just before its election, with the new Staten's list in docs/demo: the flow works at once."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.organisations.models import Organisation
from app.turnover import planning

CSV = Path(__file__).resolve().parents[2] / "docs" / "demo" / "nieuwe-staten.csv"


def test_the_demo_list_has_stayers_leavers_and_newcomers(app, db):
    from app.courses.services import sync_courses
    from app.demo import seed

    sync_courses(app.config["COURSES_DIR"])
    seed()
    db.session.commit()
    provincie = db.session.scalar(select(Organisation).where(Organisation.name == "Provincie Voorbeeld"))
    plan = planning.plan_turnover(CSV.read_text(encoding="utf-8"), provincie)
    assert [p.name for p in plan.stays] == ["Daan Vermeulen", "Hanneke Bos", "Marieke Jonker"]
    assert [p.new_name for p in plan.stays if p.new_name] == ["Hanneke Bos-Meijer"]
    assert [p.name for p in plan.leaves] == ["Gerrit Post", "Koen de Graaf"]
    assert len(plan.new) == 3 and not plan.rows.with_errors
    with app.test_request_context():
        assert planning.default_installation(provincie, date(2026, 12, 7)) == date(2027, 3, 31)
        choices, default = planning.course_choices(provincie)
    assert dict(choices)[default] == "Weerbaar besturen in de provincie"  # the course meant for Statenleden


def test_the_demo_griffiers_the_readme_names_get_a_code(app, db):
    """README: every demo staff account but trainer2 has a fixed secret, and `flask demo totp` gives its code;
    the provincie's griffier is the one the demo of Nieuwe zittingsperiode logs in with."""
    from app.demo import seed, totp_code

    seed()
    db.session.commit()
    for email in ("griffier@provincie-voorbeeld.example", "secretaris@waterschap-voorbeeld.example",
                  "griffier@nieuwdorp.example", "griffier@voorbeeld.example"):
        with app.test_request_context():
            assert totp_code(email).isdigit(), email


def test_the_demo_member_with_the_expired_certificate_finished_the_course_when_it_was_issued(app, db):
    """Her course page said "afgerond op <today>" beside a certificate issued two years ago and expired."""
    from app.auth.models import User
    from app.certificates.models import Certificate
    from app.courses.services import sync_courses
    from app.demo import seed
    from app.learn.models import Enrollment

    sync_courses(app.config["COURSES_DIR"])
    seed()
    db.session.commit()
    user = db.session.scalar(select(User).where(User.email == "raadslid@anderstad.example"))
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == user.id))
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id,
                                                            Enrollment.course_id == certificate.course_id))
    assert enrollment.completed_at == certificate.issued_at < certificate.expires_at
    # The previous term's report (she was on the council then) lists her with that date.
    from app.certificates.services import report_for
    from app.db_types import local_day, utcnow
    from app.organisations.terms import terms_to_report

    with app.test_request_context():
        previous = terms_to_report(user.organisation, local_day(utcnow()))[1]
        report = report_for(user.organisation, certificate.course_id, utcnow(), previous)
    assert [(row.name, row.completed_on) for row in report.rows] == [(user.name, local_day(certificate.issued_at))]


def test_no_demo_organisation_has_a_certificate_while_members_have_not_finished(app, db):
    """Anderstad got one at seed time ("alle 1 leden"): Sanne finished before her colleagues had accounts.
    Voorbeeld's for the wethouder course is right: its one wethouder finished it."""
    from app.certificates.models import OrganisationCertificate
    from app.certificates.services import report_for
    from app.courses.services import sync_courses
    from app.db_types import utcnow
    from app.demo import seed

    sync_courses(app.config["COURSES_DIR"])
    seed()
    db.session.commit()
    issued = db.session.scalars(select(OrganisationCertificate)).all()
    assert issued
    with app.test_request_context():
        for certificate in issued:
            organisation = db.session.get(Organisation, certificate.organisation_id)
            report = report_for(organisation, certificate.course_id, utcnow())
            assert report.completed == len(report.rows) == certificate.member_count, certificate.organisation_name
