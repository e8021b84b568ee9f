"""Which organisations use the platform: members and how much of what was assigned is done.

A fixed number of queries for any number of organisations (aggregates in SQL, not per row).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select, union

from app.auth.models import Role, User
from app.db_types import local_day, utcnow
from app.extensions import db
from app.assignments.models import Assignment, group_member
from app.learn.models import Enrollment
from app.organisations.models import Organisation


@dataclass(frozen=True)
class Usage:
    organisation: Organisation
    members: int  # active office holders
    accepted: int  # of whom chose a password
    assigned: int  # (member, course) pairs assigned
    completed: int  # of which completed

    @property
    def percent(self) -> int | None:
        return round(100 * self.completed / self.assigned) if self.assigned else None


def usage_of(organisations: list[Organisation]) -> list[Usage]:
    ids = [o.id for o in organisations]
    if not ids:
        return []
    today = local_day(utcnow())  # a leaver counts until the scheduled deactivation day, as everywhere
    members = {org: (total, accepted) for org, total, accepted in db.session.execute(
        select(User.organisation_id, func.count(), func.count(User.password_hash))
        .where(User.organisation_id.in_(ids), User.role == Role.MEMBER, User.active_clause(today))
        .group_by(User.organisation_id))}
    direct = select(Assignment.organisation_id.label("organisation_id"), Assignment.user_id.label("user_id"),
                    Assignment.course_id.label("course_id")).where(Assignment.user_id.is_not(None))
    through_group = (select(Assignment.organisation_id, group_member.c.user_id, Assignment.course_id)
                     .join(group_member, group_member.c.group_id == Assignment.group_id))
    pairs = union(direct, through_group).subquery()  # union: a course assigned twice counts once
    progress = {org: (assigned, completed) for org, assigned, completed in db.session.execute(
        select(pairs.c.organisation_id, func.count(), func.count(Enrollment.completed_at))
        .join(User, and_(User.id == pairs.c.user_id, User.role == Role.MEMBER, User.active_clause(today)))
        .outerjoin(Enrollment, and_(Enrollment.user_id == pairs.c.user_id, Enrollment.course_id == pairs.c.course_id))
        .where(pairs.c.organisation_id.in_(ids)).group_by(pairs.c.organisation_id))}
    return [Usage(o, *members.get(o.id, (0, 0)), *progress.get(o.id, (0, 0))) for o in organisations]
