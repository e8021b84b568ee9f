"""Assignments: to members and groups, inherited by who joins later, with a derived state."""
from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import func, select

from app.auth.models import Function
from app.extensions import db
from app.assignments.models import Assignment
from app.griffie.progress import State, derive_state, rows_for
from tests.conftest import sign_in, submit
from tests.griffie.conftest import assign, do_lessons, make_group

TODAY = date(2026, 11, 23)


def states(organisation_id, today=TODAY):
    return {(r.name, r.course_title): r.state for r in rows_for(organisation_id, today)}


def test_the_four_states_follow_progress_and_deadline(griffier, member_of, course):
    fresh, busy, done, late = (member_of(n) for n in ("Anna Fris", "Bas Bezig", "Cor Klaar", "Dirk Laat"))
    for member in (fresh, busy, done):
        assign(course, user=member, deadline=date(2026, 12, 1))
    assign(course, user=late, deadline=date(2026, 11, 20))
    do_lessons(busy, course, 2)
    do_lessons(done, course, 5)
    do_lessons(late, course, 1)
    assert states(griffier.organisation_id) == {
        ("Anna Fris", "Testcursus"): State.NOT_STARTED, ("Bas Bezig", "Testcursus"): State.IN_PROGRESS,
        ("Cor Klaar", "Testcursus"): State.COMPLETED, ("Dirk Laat", "Testcursus"): State.OVERDUE,
    }


def test_the_deadline_day_itself_is_not_late_and_completed_is_never_late():
    assert derive_state(None, 0, TODAY, TODAY) == State.NOT_STARTED
    assert derive_state(None, 3, TODAY, date(2026, 11, 24)) == State.OVERDUE
    assert derive_state(datetime(2026, 12, 1, tzinfo=UTC), 5, TODAY, date(2027, 1, 1)) == State.COMPLETED


def test_a_group_assignment_reaches_members_who_join_later(client, griffier, member_of, course):
    first, later = member_of("Eerste Lid"), member_of("Later Lid")
    raad = make_group("Raad", griffier.organisation_id, [first])
    assign(course, group=raad, deadline=date(2026, 12, 15))
    assert [r.name for r in rows_for(griffier.organisation_id, TODAY)] == ["Eerste Lid"]
    response = submit(client, f"/griffie/groepen/{raad.id}", {"members": [first.id, later.id]})
    assert response.status_code == 302
    rows = rows_for(griffier.organisation_id, TODAY)
    assert [(r.name, r.deadline) for r in rows] == [("Eerste Lid", date(2026, 12, 15)), ("Later Lid", date(2026, 12, 15))]
    # Leaving the group takes the group's course away again.
    submit(client, f"/griffie/groepen/{raad.id}", {"members": [later.id]})
    assert [r.name for r in rows_for(griffier.organisation_id, TODAY)] == ["Later Lid"]


def test_several_assignments_of_one_course_count_once_with_the_earliest_deadline(griffier, member_of, course):
    member = member_of("Fleur Dubbel")
    group = make_group("College", griffier.organisation_id, [member])
    assign(course, group=group, deadline=date(2027, 1, 31))
    assign(course, user=member, deadline=date(2026, 12, 31))
    assign(course, user=member)  # without deadline: does not soften the earliest one
    rows = rows_for(griffier.organisation_id, TODAY)
    assert [(r.name, r.deadline) for r in rows] == [("Fleur Dubbel", date(2026, 12, 31))]


def test_deactivated_members_leave_the_overview(griffier, member_of, course):
    member_of("Blijft Actief")
    gone = member_of("Ex Raadslid", active=False)
    group = make_group("Raad", griffier.organisation_id, [gone])
    assign(course, group=group)
    assign(course, user=gone)
    assert rows_for(griffier.organisation_id, TODAY) == []


def test_griffier_assigns_through_the_form_to_a_group_and_a_member(client, griffier, member_of, course):
    in_group, alone = member_of("In Groep"), member_of("Los Lid")
    member_of("Niet Gekozen")  # in the organisation, but not chosen
    raad = make_group("Raad", griffier.organisation_id, [in_group])
    response = submit(client, "/griffie/toewijzingen/nieuw", {
        "course": course.course_id, "groups": [raad.id], "members": [alone.id], "deadline": "2026-12-15"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 toewijzingen gemaakt." in html
    assert "In Groep" in html and "Los Lid" in html and "Niet Gekozen" not in html
    assert "15 december 2026" in html


def test_the_assignment_form_says_what_is_missing(client, griffier, member_of, course):
    member = member_of("Iemand")
    html = submit(client, "/griffie/toewijzingen/nieuw", {"course": 0, "deadline": "2026-11-01"}).get_data(as_text=True)
    assert "Kies een cursus." in html
    assert "Kies minstens één groep of één lid." in html
    assert "Kies een deadline vandaag of later." in html
    assert 'href="#members-0"' in html and 'href="#deadline"' in html  # the summary links to the fields
    # A member id that is not offered (another organisation's, say) is refused, in Dutch.
    tampered = submit(client, "/griffie/toewijzingen/nieuw", {"course": course.course_id, "members": [member.id + 999]})
    assert tampered.status_code == 200
    assert f"Kies alleen uit de lijst ({member.id + 999} staat er niet in)." in tampered.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_deleting_an_assignment_keeps_what_the_member_did(client, griffier, member_of, course):
    member = member_of("Gert Gedaan")
    assignment = assign(course, user=member)
    do_lessons(member, course, 2)
    response = submit(client, f"/griffie/toewijzingen/{assignment.id}/verwijderen", {}, page="/griffie/toewijzingen")
    assert response.status_code == 302
    from app.learn.models import LessonProgress

    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2


def test_member_sees_assigned_courses_first_with_their_deadline(client, login_as, db, tmp_path, course):
    from app.courses.services import sync_courses
    from tests.coursefiles import COURSE_MD, write_course

    sync_courses(write_course(tmp_path / "more", slug="aaa-eerst-op-naam",
                              course_md=COURSE_MD.replace("Testcursus", "Aaa eerst op naam")))
    db.session.commit()
    member = login_as("member")
    assign(course, user=member, deadline=date(2026, 12, 1))
    html = client.get("/leren/").get_data(as_text=True)
    assert html.index("Testcursus") < html.index("Aaa eerst op naam")
    assert "Je griffie vraagt je deze cursus af te ronden vóór 1 december 2026." in html
    assert "Te laat" not in html
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        sign_in(client, member)  # a new day, so a fresh session cookie
        assert "Te laat" in client.get("/leren/").get_data(as_text=True)


def test_an_assignment_opens_a_course_meant_for_another_audience(client, login_as, db, tmp_path):
    from app.courses.services import sync_courses
    from tests.coursefiles import COURSE_MD, write_course

    version = sync_courses(write_course(tmp_path / "c", course_md=COURSE_MD.replace(
        "summary:", "audience: [burgemeester]\nsummary:", 1))).created[0]
    db.session.commit()
    member = login_as("member", function=Function.RAADSLID)
    assert client.get("/leren/testcursus").status_code == 404
    assign(version, user=member)
    assert client.get("/leren/testcursus").status_code == 200
    assert "Testcursus" in client.get("/leren/").get_data(as_text=True)
