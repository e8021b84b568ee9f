"""Fixtures for the griffie: a griffier of one organisation, its members, and a course to assign."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.auth.models import Role, User
from app.courses.models import CourseVersion, Lesson
from app.extensions import db
from app.assignments.models import Assignment, Group
from app.learn import services as learn
from tests.factories import UserFactory


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday; "today" in these tests is 23 November 2026


@pytest.fixture(autouse=True)
def frozen():
    """Deadlines and reminders depend on the day: every griffie test runs on the same one."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def griffier(login_as):
    return login_as(Role.GRIFFIER)


@pytest.fixture
def member_of(db, griffier):
    def make(name: str, **kwargs) -> User:
        user = UserFactory(organisation=griffier.organisation, name=name, **kwargs)
        db.session.commit()
        return user

    return make


def assign(course: CourseVersion, *, user: User | None = None, group: Group | None = None,
           deadline: date | None = None) -> Assignment:
    organisation_id = (user or group).organisation_id
    assignment = Assignment(organisation_id=organisation_id, course_id=course.course_id, deadline=deadline,
                            user_id=user.id if user else None, group_id=group.id if group else None)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def make_group(name: str, organisation_id: int, members: list[User]) -> Group:
    group = Group(name=name, organisation_id=organisation_id, members=members)
    db.session.add(group)
    db.session.commit()
    return group


def do_lessons(user: User, course: CourseVersion, count: int) -> None:
    """Complete the first `count` lessons of the course, as the member's own clicks would."""
    enrollment = learn.start_enrollment(user, course)
    lessons = db.session.scalars(db.select(Lesson).where(Lesson.version_id == course.id).order_by(Lesson.sequence))
    for lesson in list(lessons)[:count]:
        learn.complete_lesson(enrollment, lesson)
    db.session.commit()
