"""The refresher: a short module that renews an expiring certificate within its window only."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.courses.services import sync_courses
from app.db_types import local_day
from app.learn import services as learn
from tests.conftest import csrf_from, sign_in
from tests.coursefiles import COURSE_MD, QUIZ_MD, write_course
from tests.factories import OrganisationFactory, UserFactory

ISSUED = datetime(2026, 1, 10, 10, 0, tzinfo=UTC)
EXPIRES_DAY = "10 januari 2028"  # validity: 24 months
REFRESHER = "/leren/testcursus/opfrissen/toets"
RIGHT = {0: ["b"], 1: ["a", "b"], 2: ["b"]}
WRONG = {0: ["a"], 1: ["c"], 2: ["a"]}
REFRESHER_MODULE = {
    "03-opfrissen/module.md": "---\ntitle: Opfriscursus\nsummary: Kort herhalen.\n---\nHerhaal de kern.\n",
    "03-opfrissen/01-toets.md": QUIZ_MD.replace("max_attempts: 2\n", ""),
}


def course_md(extra: str) -> str:
    return COURSE_MD.replace("summary:", extra + "summary:", 1)


def refresher_course(root, extra="validity: 24\nrefresher: opfrissen\nrefresher_before_days: 60\nrefresher_after_days: 90\n"):
    return write_course(root, course_md=course_md(extra), extra=REFRESHER_MODULE)


@pytest.fixture
def version(db, tmp_path):
    created = sync_courses(refresher_course(tmp_path / "courses")).created[0]
    db.session.commit()
    return created


def certified_member(db, version, **fields):
    """A member who completed the course on ISSUED: the normal path only, the refresher untouched."""
    with time_machine.travel(ISSUED, tick=False):
        return certified_member_at(db, version, **fields)


def certified_member_at(db, version, **fields):
    member = UserFactory(role=Role.MEMBER, **fields)
    db.session.commit()
    enrollment = learn.start_enrollment(member, version)
    for module in learn.load_outline(version):
        for lesson in module.lessons:
            learn.complete_lesson(enrollment, lesson)
    db.session.commit()
    return member, db.session.scalar(select(Certificate).where(Certificate.user_id == member.id))


def take_refresher(client, answers):
    html = client.get(REFRESHER).get_data(as_text=True)
    play = client.post(REFRESHER + "/pogingen", data={"csrf_token": csrf_from(html)}).headers["Location"]
    for step in range(3):
        token = csrf_from(client.get(play).get_data(as_text=True))
        client.post(play, data={"csrf_token": token, "stap": step, "antwoord": answers[step]})
    return client.get(play + "/resultaat", follow_redirects=True)


def test_the_refresher_is_not_part_of_the_course_path(client, db, version):
    member, certificate = certified_member(db, version)
    assert certificate is not None  # five lessons done: complete, without the refresher's knowledge check
    assert certificate.expires_at.date().isoformat() == "2028-01-10"
    with time_machine.travel(ISSUED + timedelta(hours=1), tick=False):
        sign_in(client, member)
        page = client.get("/leren/testcursus").get_data(as_text=True)
        assert "Opfriscursus" not in page and "Toets herkennen" not in page
        assert client.get(REFRESHER).status_code == 404  # years before expiry: not offered


@pytest.mark.parametrize(("moment", "offered"), [
    (datetime(2027, 11, 1, 9, tzinfo=UTC), False),  # 70 days before expiry: the window opens at 60
    (datetime(2027, 11, 20, 9, tzinfo=UTC), True),  # 51 days before
    (datetime(2028, 3, 1, 9, tzinfo=UTC), True),  # 51 days after: open for 90
    (datetime(2028, 4, 20, 9, tzinfo=UTC), False),  # 101 days after: take the whole course
])
def test_the_refresher_is_offered_within_its_window_only(client, db, version, moment, offered):
    member, _certificate = certified_member(db, version)
    with time_machine.travel(moment, tick=False):
        sign_in(client, member)
        dashboard = client.get("/leren/").get_data(as_text=True)
        course = client.get("/leren/testcursus").get_data(as_text=True)
        step = client.get(REFRESHER)
    assert ("Opfriscursus" in dashboard) is offered
    assert ("Begin de opfriscursus" in course) is offered
    assert step.status_code == (200 if offered else 404)
    if offered:
        assert f'href="{REFRESHER}"' in dashboard
        verb = "verloopt" if moment < datetime(2028, 1, 10, tzinfo=UTC) else "is verlopen"
        assert f"Je certificaat {verb} op {EXPIRES_DAY}." in dashboard


def test_passing_the_refresher_renews_the_certificate_with_a_link_both_ways(client, db, version):
    member, old = certified_member(db, version, name="Ria Raad")
    with time_machine.travel(datetime(2027, 12, 1, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        result = take_refresher(client, RIGHT).get_data(as_text=True)
        assert "je hebt de opfriscursus gehaald en een nieuw certificaat gekregen" in result
        new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
        assert new is not None and new.user_id == member.id and new.version_id == version.id
        # Renewed early: the new validity (24 months, as for any certificate) starts the day after the old one ends.
        assert local_day(new.expires_at).isoformat() == "2030-01-11"
        mine = client.get("/certificaten").get_data(as_text=True)
        course = client.get("/leren/testcursus").get_data(as_text=True)
        assert client.get(REFRESHER).status_code == 200  # the results stay readable
        again = client.post(REFRESHER + "/pogingen", data={"csrf_token": csrf_from(course)}, follow_redirects=True)
    assert "Vernieuwt certificaat" in mine and "Vernieuwd door certificaat" in mine
    assert new.code in mine and old.code in mine
    assert "Je hebt je certificaat vernieuwd met de opfriscursus." in course and "Begin de opfriscursus" not in course
    assert "Je certificaat is al vernieuwd." in again.get_data(as_text=True)
    verify_new = client.get(f"/verify/{new.code}").get_data(as_text=True)
    verify_old = client.get(f"/verify/{old.code}").get_data(as_text=True)
    assert "Vernieuwt certificaat" in verify_new and f"/verify/{old.code}" in verify_new
    assert "Vernieuwd door certificaat" in verify_old and f"/verify/{new.code}" in verify_old
    assert "Dit certificaat is geldig." in verify_old  # still valid until its own end


def test_after_expiry_the_new_validity_counts_from_the_renewal(client, db, version):
    member, old = certified_member(db, version)
    with time_machine.travel(datetime(2028, 2, 15, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        take_refresher(client, RIGHT)
    new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    assert local_day(new.expires_at).isoformat() == "2030-02-15"


def test_failing_the_refresher_renews_nothing_and_the_course_stays_complete(client, db, version):
    member, old = certified_member(db, version)
    with time_machine.travel(datetime(2027, 12, 1, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        take_refresher(client, WRONG)
        dashboard = client.get("/leren/").get_data(as_text=True)
    assert db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id)) is None
    assert "Ga verder met de opfriscursus" not in dashboard and "Begin de opfriscursus" in dashboard


def test_attempts_before_the_window_do_not_count(client, db, version):
    from app.certificates import renewal

    member, old = certified_member(db, version)
    with time_machine.travel(datetime(2027, 12, 1, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        take_refresher(client, RIGHT)
    renewed = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    # Two years on, the renewed certificate's own window: the earlier pass is history.
    later = datetime(2029, 12, 20, 9, tzinfo=UTC)
    offer = renewal.offers(member, later)[version.course_id]
    assert offer.is_open and offer.passed == frozenset()
    assert offer.expires_at == renewed.expires_at


def test_another_member_without_a_certificate_gets_404(client, db, version, login_as):
    certified_member(db, version)
    with time_machine.travel(datetime(2027, 12, 1, 9, tzinfo=UTC), tick=False):
        login_as(Role.MEMBER)
        assert client.get(REFRESHER).status_code == 404


def test_griffie_lists_the_renewal_and_another_organisation_sees_nothing(client, db, version):
    organisation = OrganisationFactory()
    member, old = certified_member(db, version, organisation=organisation, name="Ria Raad")
    with time_machine.travel(datetime(2027, 12, 1, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        take_refresher(client, RIGHT)
        new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
        griffier = UserFactory(role=Role.GRIFFIER, organisation=organisation)
        other = UserFactory(role=Role.GRIFFIER, organisation=OrganisationFactory())
        db.session.commit()
        sign_in(client, griffier)
        own = client.get("/griffie/certificaten").get_data(as_text=True)
        sign_in(client, other)
        theirs = client.get("/griffie/certificaten").get_data(as_text=True)
        pdf = client.get(f"/griffie/certificaten/{new.id}.pdf")
    assert "Vernieuwt certificaat" in own and new.code in own and "Vernieuwd door certificaat" in own
    assert "Ria Raad" not in theirs and new.code not in theirs
    assert pdf.status_code == 404


def test_expiry_reminder_links_to_the_refresher(app, db, version, outbox):
    from app.certificates.services import send_expiry_reminders

    member, _old = certified_member(db, version)
    now = datetime(2027, 12, 20, 8, tzinfo=UTC)  # 21 days before expiry; the window opened 60 days before
    assert send_expiry_reminders(now, 30) == (1, [])
    db.session.commit()
    [message] = outbox()
    assert f"To: {member.email}" in message
    assert "korte opfriscursus" in message and f"http://localhost{REFRESHER}" in message


def test_reminder_before_the_window_opens_names_the_day(app, db, tmp_path, outbox):
    from app.certificates.services import send_expiry_reminders

    created = sync_courses(refresher_course(
        tmp_path / "late", "validity: 24\nrefresher: opfrissen\nrefresher_before_days: 7\n")).created[0]
    db.session.commit()
    certified_member(db, created)
    assert send_expiry_reminders(datetime(2027, 12, 20, 8, tzinfo=UTC), 30) == (1, [])
    db.session.commit()
    [message] = outbox()
    assert "Vanaf 03-01-2028" in message and "http://localhost/leren/testcursus\n" in message


def test_a_renewed_certificate_gets_no_reminder(client, db, version, outbox):
    from app.certificates.services import send_expiry_reminders

    member, _old = certified_member(db, version)
    with time_machine.travel(datetime(2027, 12, 1, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        take_refresher(client, RIGHT)
    outbox()
    assert send_expiry_reminders(datetime(2027, 12, 20, 8, tzinfo=UTC), 30) == (0, [])


def test_without_a_refresher_the_reminder_is_as_before(app, db, tmp_path, outbox):
    from app.certificates.services import send_expiry_reminders

    created = sync_courses(write_course(tmp_path / "plain", course_md=course_md("validity: 24\n"))).created[0]
    db.session.commit()
    certified_member(db, created)
    send_expiry_reminders(datetime(2027, 12, 20, 8, tzinfo=UTC), 30)
    db.session.commit()
    [message] = outbox()
    assert "Doe de training dan opnieuw" in message and "opfriscursus" not in message


def test_renewing_a_term_certificate_early_runs_to_the_end_of_the_next_term(client, db, tmp_path):
    created = sync_courses(refresher_course(
        tmp_path / "term", "validity: raadsperiode\nrefresher: opfrissen\nrefresher_before_days: 90\n")).created[0]
    db.session.commit()
    with time_machine.travel(datetime(2025, 12, 1, 9, tzinfo=UTC), tick=False):
        member, old = certified_member_at(db, created)
    assert local_day(old.expires_at).year == 2026  # the council term that runs until the 2026 election
    with time_machine.travel(old.expires_at - timedelta(days=30), tick=False):
        sign_in(client, member)
        take_refresher(client, RIGHT)
    new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    assert local_day(new.expires_at).year == 2030  # the next term, not the few days left of this one
