"""Taking a course again: once the certificate ran out (and no refresher window is open), the whole
course once more, ending in a new certificate linked to the old one."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.auth.models import Function, Role
from app.certificates.models import Certificate
from app.courses.services import sync_courses
from app.db_types import local_day
from app.learn.models import Enrollment, LessonProgress
from app.quizzes.models import Attempt
from tests.certificates.test_refresher import ISSUED, certified_member, refresher_course
from tests.conftest import csrf_from, sign_in
from tests.coursefiles import COURSE_MD, QUIZ_MD, write_course
from tests.factories import OrganisationFactory, UserFactory

AGAIN = "/leren/testcursus/opnieuw"
EXPIRED = datetime(2028, 2, 1, 9, tzinfo=UTC)  # the certificate of ISSUED ran out on 10 januari 2028
QUIZ = "/leren/testcursus/verder/toets"
RIGHT = {0: ["b"], 1: ["a", "b"], 2: ["b"]}


def plain_course(root, extra=None):
    """24 months valid, no refresher, a knowledge check with two attempts in the second module."""
    files = {"02-verder/03-toets.md": QUIZ_MD}
    files.update(extra or {})
    return write_course(root, course_md=COURSE_MD.replace("summary:", "validity: 24\nsummary:", 1), extra=files)


@pytest.fixture
def plain(db, tmp_path):
    created = sync_courses(plain_course(tmp_path / "courses")).created[0]
    db.session.commit()
    return created


def take_quiz(client, answers=RIGHT):
    html = client.get(QUIZ).get_data(as_text=True)
    play = client.post(QUIZ + "/pogingen", data={"csrf_token": csrf_from(html)}).headers["Location"]
    for step in range(3):
        token = csrf_from(client.get(play).get_data(as_text=True))
        client.post(play, data={"csrf_token": token, "stap": step, "antwoord": answers[step]})


def certified(client, db, **fields):
    """A member who read every lesson and passed the knowledge check on ISSUED."""
    member = UserFactory(role=Role.MEMBER, **fields)
    db.session.commit()
    with time_machine.travel(ISSUED, tick=False):
        sign_in(client, member)
        for slug in ("01-begin/een", "01-begin/twee", "01-begin/drie", "02-verder/vier", "02-verder/vijf"):
            _module, lesson = slug.split("/")
            page = client.get(f"/leren/testcursus/{slug.replace('01-begin', 'begin').replace('02-verder', 'verder')}")
            client.post(f"/leren/testcursus/{slug.replace('01-begin', 'begin').replace('02-verder', 'verder')}/klaar",
                        data={"csrf_token": csrf_from(page.get_data(as_text=True))})
        take_quiz(client)
    old = db.session.scalar(select(Certificate).where(Certificate.user_id == member.id))
    assert old is not None
    return member, old


def press_again(client):
    page = client.get("/leren/testcursus").get_data(as_text=True)
    return client.post(AGAIN, data={"csrf_token": csrf_from(page)}, follow_redirects=True)


def finish_again(client):
    for slug in ("begin/een", "begin/twee", "begin/drie", "verder/vier", "verder/vijf"):
        page = client.get(f"/leren/testcursus/{slug}")
        client.post(f"/leren/testcursus/{slug}/klaar", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    take_quiz(client)


@pytest.mark.parametrize(("moment", "offered"), [
    (datetime(2027, 11, 1, 9, tzinfo=UTC), False),  # 70 days before expiry: still valid, no reminder yet
    (datetime(2027, 12, 20, 9, tzinfo=UTC), True),  # 21 days before: the expiry reminder asks to do it again
    (EXPIRED, True),
])
def test_without_a_refresher_the_course_is_offered_again_from_the_reminder_on(client, db, plain, moment, offered):
    member, _old = certified(client, db)
    with time_machine.travel(moment, tick=False):
        sign_in(client, member)
        dashboard = client.get("/leren/").get_data(as_text=True)
        course = client.get("/leren/testcursus").get_data(as_text=True)
    assert ("Training opnieuw doen" in dashboard) is offered
    assert (f'action="{AGAIN}"' in course) is offered
    if moment == EXPIRED:
        assert "Je certificaat is verlopen op 10 januari 2028; doe de training opnieuw." in dashboard
        assert "Certificaat verlopen" in dashboard
    elif offered:
        assert "Je certificaat verloopt op 10 januari 2028." in course


@pytest.mark.parametrize(("moment", "offered"), [
    (datetime(2027, 12, 20, 9, tzinfo=UTC), False),  # before expiry, the refresher window is open
    (datetime(2028, 3, 1, 9, tzinfo=UTC), False),  # expired, but the refresher is still open (90 days)
    (datetime(2028, 4, 20, 9, tzinfo=UTC), True),  # after the window: the whole course again
])
def test_with_a_refresher_the_course_is_offered_again_only_after_its_window(client, db, tmp_path, moment, offered):
    version = sync_courses(refresher_course(tmp_path / "courses")).created[0]
    db.session.commit()
    member, _old = certified_member(db, version)
    with time_machine.travel(moment, tick=False):
        sign_in(client, member)
        dashboard = client.get("/leren/").get_data(as_text=True)
        response = press_again(client)
        again = db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id))
    assert ("Training opnieuw doen" in dashboard) is offered
    assert ("Begin de opfriscursus" in dashboard) is (not offered)
    assert (again.completed_at is None) is offered
    if not offered:
        assert "Vernieuw je certificaat met de opfriscursus." in response.get_data(as_text=True)


def test_a_valid_certificate_cannot_be_retaken_by_posting(client, db, plain):
    member, _old = certified(client, db)
    with time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=UTC), tick=False):
        sign_in(client, member)
        page = press_again(client).get_data(as_text=True)
    assert "Je kunt deze training nu niet opnieuw doen. Dat kan als je certificaat (bijna) verlopen is." in page
    assert db.session.scalar(select(Enrollment.completed_at).where(Enrollment.user_id == member.id)) is not None


def test_retaking_resets_progress_and_a_new_linked_certificate_follows(client, db, plain):
    member, old = certified(client, db)
    old_attempts = db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.user_id == member.id))
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        page = press_again(client).get_data(as_text=True)
        assert "Je doet de training opnieuw." in page
        assert "Voortgang: 0 van 6 lessen gedaan" in page and "Begin met de cursus" in page
        quiz = client.get(QUIZ).get_data(as_text=True)
        assert "Je hebt al je pogingen gebruikt" not in quiz  # two fresh attempts: the old ones do not count
        finish_again(client)
        mine = client.get("/certificaten").get_data(as_text=True)
    new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    assert new is not None and new.code != old.code
    assert local_day(new.expires_at).isoformat() == "2030-02-01"  # 24 months from the day of the new round
    # The old round stays in the records: its attempts, and the old certificate, verifiable and expired.
    assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.user_id == member.id)) > old_attempts
    verify_old = client.get(f"/verify/{old.code}").get_data(as_text=True)
    assert "Vernieuwd door certificaat" in verify_old and f"/verify/{new.code}" in verify_old
    assert new.code in mine and old.code in mine


def test_a_double_press_and_a_double_completion_change_nothing_twice(client, db, plain):
    member, old = certified(client, db)
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        page = client.get("/leren/testcursus").get_data(as_text=True)
        first = client.post(AGAIN, data={"csrf_token": csrf_from(page)})
        client.get("/leren/testcursus/begin/een")
        page2 = client.get("/leren/testcursus/begin/een").get_data(as_text=True)
        client.post("/leren/testcursus/begin/een/klaar", data={"csrf_token": csrf_from(page2)})
        second = client.post(AGAIN, data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "niet opnieuw doen" not in second.get_data(as_text=True)  # no error: the round is under way
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id))
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)
                             .where(LessonProgress.enrollment_id == enrollment.id)) == 1  # not reset again
    with time_machine.travel(EXPIRED + timedelta(hours=1), tick=False):
        finish_again(client)
    db.session.refresh(enrollment)
    from app.certificates.services import issue_certificate
    assert issue_certificate(enrollment).renews_id == old.id  # a second completion finds the same one
    assert db.session.scalar(select(func.count()).select_from(Certificate).where(Certificate.user_id == member.id)) == 2


def test_the_new_round_runs_on_the_newest_version(client, db, tmp_path):
    courses = tmp_path / "courses"
    sync_courses(plain_course(courses))
    db.session.commit()
    member, old = certified(client, db)
    sync_courses(plain_course(courses, {"02-verder/04-zes.md": "---\ntitle: Les zes\nminutes: 2\n---\nNieuw.\n"}))
    db.session.commit()
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        page = press_again(client).get_data(as_text=True)
        assert "Les zes" in page and "Versie 2" in page
        finish_again(client)
        page = client.get("/leren/testcursus/verder/zes").get_data(as_text=True)
        client.post("/leren/testcursus/verder/zes/klaar", data={"csrf_token": csrf_from(page)})
    new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    assert new is not None and new.course_version == 2


def test_retaking_needs_the_csrf_token_and_an_open_course(client, db, plain):
    member, _old = certified(client, db)
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        assert client.post(AGAIN).status_code == 400
        assert client.post("/leren/bestaat-niet/opnieuw", data={"csrf_token": csrf_from(
            client.get("/leren/testcursus").get_data(as_text=True))}).status_code == 404
    assert db.session.scalar(select(Enrollment.completed_at).where(Enrollment.user_id == member.id)) is not None


def test_a_member_without_a_certificate_is_not_offered_a_retake(client, db, plain):
    member = UserFactory(role=Role.MEMBER, organisation=OrganisationFactory())
    db.session.commit()
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        page = press_again(client).get_data(as_text=True)
    assert "niet opnieuw doen" in page
    assert db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id)) is None


def test_the_report_on_the_earlier_term_still_counts_the_first_completion(client, db, plain):
    from app.certificates.services import report_for
    from app.organisations.terms import term_on

    member, _old = certified(client, db, name="Rik Rapport")
    member.created_at = ISSUED - timedelta(days=30)
    db.session.commit()
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        press_again(client)
        term = term_on(member.organisation, local_day(ISSUED))
        rows = report_for(member.organisation, plain.course_id, EXPIRED, term).rows
    [row] = [r for r in rows if r.name == "Rik Rapport"]
    assert row.completed_on == local_day(ISSUED)  # taking it again later does not undo the earlier term


def test_no_retake_when_the_newest_version_is_no_longer_for_this_office(client, db, tmp_path):
    courses = tmp_path / "courses"
    sync_courses(plain_course(courses))
    db.session.commit()
    member, _old = certified(client, db, function=Function.RAADSLID)
    narrowed = COURSE_MD.replace("summary:", "validity: 24\naudience:\n  - burgemeester\nsummary:", 1)
    sync_courses(write_course(courses, course_md=narrowed, extra={"02-verder/03-toets.md": QUIZ_MD}))
    db.session.commit()
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        page = press_again(client).get_data(as_text=True)
    assert "Training opnieuw doen</button>" not in page and "niet opnieuw doen" in page
    assert db.session.scalar(select(Enrollment.completed_at).where(Enrollment.user_id == member.id)) is not None


def test_a_retake_is_offered_when_the_griffie_assigned_the_course_beyond_the_office(client, db, tmp_path):
    from app.assignments.models import Assignment

    courses = tmp_path / "courses"
    sync_courses(plain_course(courses))
    db.session.commit()
    member, _old = certified(client, db, function=Function.RAADSLID)
    narrowed = COURSE_MD.replace("summary:", "validity: 24\naudience:\n  - burgemeester\nsummary:", 1)
    version = sync_courses(write_course(courses, course_md=narrowed, extra={"02-verder/03-toets.md": QUIZ_MD})).created[0]
    db.session.add(Assignment(organisation_id=member.organisation_id, course_id=version.course_id, user_id=member.id))
    db.session.commit()
    with time_machine.travel(EXPIRED, tick=False):
        sign_in(client, member)
        assert f'action="{AGAIN}"' in client.get("/leren/testcursus").get_data(as_text=True)
        press_again(client)
    assert db.session.scalar(select(Enrollment.completed_at).where(Enrollment.user_id == member.id)) is None
