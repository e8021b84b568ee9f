"""The griffie's operations on members, groups and assignments. Services flush; the request commits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select

from app.auth.models import Role, User, new_session_token
from app.courses.models import CourseVersion
from app.extensions import db
from app.assignments.models import Assignment, Group, group_member
from app.griffie.models import Reminder
from app.learn.models import Enrollment


class NameTaken(Exception):
    pass


def completed_counts(user_ids: list[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(Enrollment.user_id, func.count())
        .where(Enrollment.user_id.in_(user_ids), Enrollment.completed_at.is_not(None))
        .group_by(Enrollment.user_id)
    ).all()
    return {user_id: count for user_id, count in rows}


def set_active(user: User, active: bool) -> None:
    """Deactivating ends the member's sessions and stops log-ins and reminders; their records and
    certificates stay (and stay verifiable). Reactivating lets them log in again."""
    if user.active != active:
        user.active = active
        user.session_token = new_session_token()
        db.session.flush()


def members_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.role == Role.MEMBER).order_by(User.name)))


def create_group(organisation_id: int, name: str) -> Group:
    name = name.strip()
    taken = db.session.scalar(select(Group.id).where(
        Group.organisation_id == organisation_id, func.lower(Group.name) == name.lower()))
    if taken is not None:
        raise NameTaken(name)
    group = Group(organisation_id=organisation_id, name=name)
    db.session.add(group)
    db.session.flush()
    return group


def set_group_members(group: Group, user_ids: set[int]) -> None:
    """Exactly these members of the group's own organisation are in it; other ids are ignored.

    Who joins gets the group's assignments from now on; who leaves loses those (not their progress).
    """
    allowed = set(db.session.scalars(select(User.id).where(
        User.organisation_id == group.organisation_id, User.role == Role.MEMBER, User.id.in_(user_ids))))
    db.session.execute(delete(group_member).where(group_member.c.group_id == group.id))
    if allowed:
        db.session.execute(group_member.insert(), [{"group_id": group.id, "user_id": uid} for uid in sorted(allowed)])
    db.session.flush()
    db.session.expire(group, ["members"])


def delete_group(group: Group) -> None:
    """Its assignments go with it; the members and their progress stay."""
    db.session.execute(delete(Assignment).where(Assignment.group_id == group.id))
    db.session.execute(delete(group_member).where(group_member.c.group_id == group.id))
    db.session.delete(group)
    db.session.flush()


def group_sizes(organisation_id: int) -> dict[int, int]:
    return dict(db.session.execute(
        select(Group.id, func.count(group_member.c.user_id)).outerjoin(group_member, group_member.c.group_id == Group.id)
        .where(Group.organisation_id == organisation_id).group_by(Group.id)).all())


def assign(organisation_id: int, course_id: int, user_ids: set[int], group_ids: set[int], deadline: date | None,
           by: User) -> list[Assignment]:
    """One assignment per chosen member and per chosen group of this organisation; others are ignored."""
    users = db.session.scalars(select(User.id).where(
        User.organisation_id == organisation_id, User.role == Role.MEMBER, User.id.in_(user_ids)))
    groups = db.session.scalars(select(Group.id).where(Group.organisation_id == organisation_id,
                                                       Group.id.in_(group_ids)))
    made = [Assignment(organisation_id=organisation_id, course_id=course_id, user_id=uid, deadline=deadline,
                       created_by_id=by.id) for uid in users]
    made += [Assignment(organisation_id=organisation_id, course_id=course_id, group_id=gid, deadline=deadline,
                        created_by_id=by.id) for gid in groups]
    db.session.add_all(made)
    db.session.flush()
    return made


def delete_assignment(assignment: Assignment) -> None:
    """The members keep what they did; only the obligation (and its reminders) goes."""
    db.session.delete(assignment)
    db.session.flush()


def reminder_history(organisation_id: int, limit: int = 20) -> list[tuple[Reminder, str, str]]:
    """The latest reminders with member name and course title, newest first."""
    title = (select(func.max(CourseVersion.title)).where(CourseVersion.course_id == Reminder.course_id)
             .correlate(Reminder).scalar_subquery())
    return list(db.session.execute(
        select(Reminder, User.name, title).join(User, User.id == Reminder.user_id)
        .where(Reminder.organisation_id == organisation_id)
        .order_by(Reminder.created_at.desc(), Reminder.id.desc()).limit(limit)).all())
