"""Which courses are assigned to whom, direct or through a group, and by when. Reads only."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select, union_all

from app.assignments.models import Assignment, group_member
from app.auth.models import User
from app.extensions import db


def assigned_pairs(organisation_id: int) -> Select:
    """(user_id, course_id, deadline) for every assignment in force, direct or through a group."""
    direct = select(Assignment.user_id.label("user_id"), Assignment.course_id, Assignment.deadline).where(
        Assignment.organisation_id == organisation_id, Assignment.user_id.is_not(None))
    through_group = (
        select(group_member.c.user_id.label("user_id"), Assignment.course_id, Assignment.deadline)
        .join(group_member, group_member.c.group_id == Assignment.group_id)
        .where(Assignment.organisation_id == organisation_id)
    )
    both = union_all(direct, through_group).subquery()
    # min() skips NULL: one assignment with a deadline makes the deadline count.
    return (select(both.c.user_id, both.c.course_id, func.min(both.c.deadline).label("deadline"))
            .group_by(both.c.user_id, both.c.course_id))


def deadlines_for(user: User) -> dict[int, date | None]:
    """course_id -> deadline (or None) of each course assigned to this member."""
    pairs = assigned_pairs(user.organisation_id).subquery()
    return {course_id: deadline for course_id, deadline in db.session.execute(
        select(pairs.c.course_id, pairs.c.deadline).where(pairs.c.user_id == user.id))}


def assigned_user_ids(organisation_id: int, course_id: int) -> set[int]:
    """Members (any state) to whom the course is assigned."""
    pairs = assigned_pairs(organisation_id).subquery()
    return set(db.session.scalars(select(pairs.c.user_id).where(pairs.c.course_id == course_id)))
