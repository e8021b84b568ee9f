"""The griffie's operations on members, groups and assignments. Services flush; the request commits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select

from app.auth.models import Role, User, new_session_token
from app.courses.models import CourseVersion
from app.db_types import local_day, utcnow
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
    certificates stay (and stay verifiable), and the retention period starts counting.
    Reactivating lets them log in again."""
    user.deactivate_on = None  # a choice made now replaces a scheduled one
    if user.active != active:
        user.active = active
        user.deactivated_at = None if active else utcnow()
        user.session_token = new_session_token()
        db.session.flush()


def schedule_deactivation(user: User, day: date) -> None:
    """The member can log in until the day before `day`; from that day on they count as deactivated
    (User.is_active, the session check, the griffie lists), and `apply_due_deactivations` makes it final."""
    user.deactivate_on = day
    db.session.flush()


def apply_due_deactivations(today: date) -> list[User]:
    """Deactivate every account whose scheduled day has come (for cron, every day): its sessions end,
    reminders stop and the retention period starts. Returns them, for the audit trail."""
    due = list(db.session.scalars(select(User).where(User.active.is_(True), User.deactivate_on <= today)))
    for user in due:
        set_active(user, False)
    return due


def resend_pending_invitations(organisation_id: int) -> tuple[int, list[str]]:
    """A fresh invitation to every active member of the organisation who has not chosen a password.
    Returns (sent, names that failed); a failure leaves that member's older link as it was."""
    from app.auth.services import send_invitation

    sent, failed = 0, []
    for user in db.session.scalars(select(User).where(
            User.organisation_id == organisation_id, User.role == Role.MEMBER,
            User.active_clause(local_day(utcnow())), User.password_hash.is_(None)).order_by(User.name)):
        try:
            with db.session.begin_nested():
                send_invitation(user)
        except OSError:  # smtplib raises OSErrors: the others still go
            failed.append(user.name)
        else:
            sent += 1
    return sent, failed


def members_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.role == Role.MEMBER, User.erased_at.is_(None)).order_by(User.name)))


def group_ids_of(user: User) -> set[int]:
    return set(db.session.scalars(select(group_member.c.group_id).where(group_member.c.user_id == user.id)))


def set_member_groups(user: User, group_ids: set[int]) -> dict[str, list[int]]:
    """The member is in exactly these groups of their own organisation; other ids are ignored.
    Returns {"added": [...], "removed": [...]} for the audit trail."""
    allowed = set(db.session.scalars(select(Group.id).where(
        Group.organisation_id == user.organisation_id, Group.id.in_(group_ids))))
    current = group_ids_of(user)
    added, removed = sorted(allowed - current), sorted(current - allowed)
    if removed:
        db.session.execute(delete(group_member).where(group_member.c.user_id == user.id,
                                                      group_member.c.group_id.in_(removed)))
    if added:
        db.session.execute(group_member.insert(), [{"group_id": gid, "user_id": user.id} for gid in added])
    db.session.flush()
    return {"added": added, "removed": removed} if added or removed else {}


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


def update_group_members(group: Group, shown: set[int], checked: set[int]) -> None:
    """Save a filtered picker: only the members that were on screen change; the others keep their place."""
    current = set(db.session.scalars(select(group_member.c.user_id).where(group_member.c.group_id == group.id)))
    set_group_members(group, (current - shown) | (checked & shown))


def search_members(members: list[User], text: str) -> list[User]:
    """Members whose name or e-mail address contains the text, ignoring case."""
    needle = text.strip().casefold()
    return [m for m in members if needle in m.name.casefold() or needle in m.email.casefold()] if needle else members


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


def change_deadline(assignment: Assignment, deadline: date | None) -> date | None:
    """Move the deadline; returns the old one. Reminders are keyed on the deadline, so the new date
    gets its own "deadline nadert" e-mail and the overdue rhythm starts again from it."""
    old = assignment.deadline
    assignment.deadline = deadline
    db.session.flush()
    return old


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
