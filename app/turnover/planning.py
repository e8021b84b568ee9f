"""Who stays, who leaves and who is new, from the list of the new council. Reads only; saves nothing.

The list is read exactly like the member import (app.griffie.member_import): the same columns, the
same per-row checks and messages. A person is matched by e-mail address, ignoring case. Only office
holders (role member) stay or leave; staff accounts are never touched.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from app.auth.models import Function, Role, User
from app.extensions import db
from app.griffie import member_import
from app.learn.services import current_versions
from app.organisations.models import Organisation, OrganisationKind
from app.organisations.terms import next_term, term_on

# The function an organisation's council members have: the onboarding course is the one meant for it.
COUNCIL_FUNCTION = {
    OrganisationKind.GEMEENTE: Function.RAADSLID,
    OrganisationKind.PROVINCIE: Function.STATENLID,
    OrganisationKind.WATERSCHAP: Function.WATERSCHAPSBESTUURDER,
}
# Within this many days after an installation the griffier is most likely catching up with it.
RECENT_INSTALLATION = timedelta(days=183)


@dataclass
class Person:
    name: str
    email: str
    function: str | None  # a Function value
    user_id: int | None = None
    line: int | None = None  # the row in the file
    new_name: str | None = None  # for someone who stays: what the list says, when it differs
    new_function: str | None = None
    scheduled_on: str | None = None  # an earlier scheduled deactivation (ISO date)

    @property
    def function_label(self) -> str:
        return Function(self.function).label if self.function else ""

    @property
    def new_function_label(self) -> str:
        return Function(self.new_function).label if self.new_function else ""

    @property
    def has_changes(self) -> bool:
        return self.new_name is not None or self.new_function is not None


@dataclass
class TurnoverPlan:
    rows: member_import.Plan
    stays: list[Person] = field(default_factory=list)
    leaves: list[Person] = field(default_factory=list)
    new: list[Person] = field(default_factory=list)  # user_id set: a former member who comes back
    staff: list[member_import.PlannedRow] = field(default_factory=list)  # on the list, but a staff account
    row_status: dict[int, str] = field(default_factory=dict)  # line -> stays, new, back or staff

    def as_json(self) -> dict:
        return {part: [asdict(p) for p in getattr(self, part)] for part in ("stays", "leaves", "new")}


def people(plan: dict, part: str) -> list[Person]:
    """A stored plan's people again, to show them."""
    return [Person(**data) for data in plan.get(part, [])]


def plan_turnover(text: str, organisation: Organisation) -> TurnoverPlan:
    """Compare the list with the organisation's members. Raises member_import.ImportFileError for a bad file."""
    rows = member_import.plan(text, organisation)
    members = {user.email.lower(): user for user in db.session.scalars(select(User).where(
        User.organisation_id == organisation.id, User.role == Role.MEMBER, User.erased_at.is_(None)))}
    result = TurnoverPlan(rows)
    for row in rows.rows:
        if row.errors:
            continue  # shown with its error; it stays out of every column (and its person does not leave)
        user = members.get(row.email)
        if row.already_member and user is None:
            result.staff.append(row)
            result.row_status[row.line] = "staff"
        elif user is None:
            result.new.append(Person(row.name, row.email, row.function.value, line=row.line))
            result.row_status[row.line] = "new"
        elif not user.active:
            result.new.append(Person(row.name, row.email, row.function.value, user_id=user.id, line=row.line))
            result.row_status[row.line] = "back"
        else:
            result.row_status[row.line] = "stays"
            result.stays.append(Person(
                user.name, user.email, user.function.value if user.function else None, user_id=user.id, line=row.line,
                new_name=row.name if row.name != user.name else None,
                new_function=row.function.value if row.function != user.function else None,
                scheduled_on=user.deactivate_on.isoformat() if user.deactivate_on else None))
    listed = {row.email for row in rows.rows if row.email}
    result.leaves = [Person(user.name, user.email, user.function.value if user.function else None, user_id=user.id,
                            scheduled_on=user.deactivate_on.isoformat() if user.deactivate_on else None)
                     for email, user in sorted(members.items(), key=lambda item: item[1].name)
                     if user.active and email not in listed]
    result.stays.sort(key=lambda p: p.name)
    return result


def default_installation(organisation: Organisation, today: date) -> date:
    """The coming installation; just after one, the one that has been (the griffier is catching up)."""
    current = term_on(organisation, today)
    if today - current.starts_on <= RECENT_INSTALLATION:
        return current.starts_on
    return next_term(organisation, today).starts_on


def default_weeks() -> int:
    return int(current_app.config["TURNOVER_ONBOARDING_WEEKS"])


def course_choices(organisation: Organisation) -> tuple[list[tuple[int, str]], int | None]:
    """(course_id, title) of every course an office holder can be given, and the default: the course
    meant for this kind of council, the most specific one first (fewest audiences)."""
    versions = [v for v in current_versions() if set(v.audience) & {f.value for f in Function}]
    wanted = COUNCIL_FUNCTION[organisation.kind].value
    fitting = sorted((v for v in versions if wanted in v.audience), key=lambda v: (len(v.audience), v.title))
    return [(v.course_id, v.title) for v in versions], (fitting[0].course_id if fitting else None)

