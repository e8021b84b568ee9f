"""Carrying out a confirmed turnover, one person per transaction, so that running it again changes nothing twice.

Each step checks the database before it acts (does the account exist, is the course assigned, is the
deactivation scheduled already) and is recorded as a TurnoverStep in the same transaction as its
effect and its e-mail. A retry after a failure, a second job for the same turnover or a new turnover
from the same list therefore finds the work done and skips it. Confirming is a flush; the run commits.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app import jobs
from app.assignments.models import Assignment
from app.assignments.services import assigned_user_ids
from app.audit.services import record
from app.auth import services as auth_services
from app.auth.models import Function, Role, User
from app.db_types import utcnow
from app.extensions import db
from app.griffie.services import schedule_deactivation, set_active
from app.organisations.models import Organisation
from app.turnover.models import CONFIRMED, DONE, FAILED, RUNNING, Turnover, TurnoverStep
from app.turnover.planning import Person, TurnoverPlan, people

STEP_KINDS = ("updated", "kept", "invited", "reactivated", "assigned", "scheduled", "deactivated")


def confirm(organisation: Organisation, actor: User, plan: TurnoverPlan, *, request_key: str, installation_on: date,
            course_id: int | None, weeks: int, update_details: bool) -> Turnover:
    """Store the plan with the choices and queue its run (after the caller commits).
    Raises IntegrityError when this preview (request_key) was confirmed before."""
    turnover = Turnover(organisation_id=organisation.id, created_by_id=actor.id, request_key=request_key,
                        installation_on=installation_on, course_id=course_id or None,
                        deadline=installation_on + timedelta(weeks=weeks) if course_id else None,
                        update_details=update_details, plan=plan.as_json())
    db.session.add(turnover)
    db.session.flush()
    job = jobs.start("turnover", owner=actor, organisation_id=organisation.id, params={"turnover_id": turnover.id},
                     total=len(plan.stays) + len(plan.new) + len(plan.leaves))
    turnover.job_id = job.id
    db.session.flush()
    return turnover


def restart(turnover: Turnover, actor: User) -> None:
    """Queue the run again after a failure (or a run whose process died); the steps that were done are skipped."""
    turnover.status = FAILED  # so the new job may claim it
    job = jobs.start("turnover", owner=actor, organisation_id=turnover.organisation_id,
                     params={"turnover_id": turnover.id}, total=sum(turnover.count(p) for p in ("stays", "new", "leaves")))
    turnover.job_id = job.id
    db.session.flush()


def may_restart(turnover: Turnover, job_finished: bool) -> bool:
    return turnover.status == FAILED or (turnover.status in (CONFIRMED, RUNNING) and job_finished)


def claim(turnover_id: int) -> bool:
    """Only one run at a time, and none after it is done. COMMITS."""
    claimed = db.session.execute(
        update(Turnover).where(Turnover.id == turnover_id, Turnover.status.in_((CONFIRMED, FAILED)))
        .values(status=RUNNING).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return bool(claimed)


def fail(turnover_id: int) -> None:
    db.session.rollback()
    db.session.execute(update(Turnover).where(Turnover.id == turnover_id).values(status=FAILED)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def run(turnover_id: int, today: date, progress: Callable[[int], None]) -> dict:
    """Carry out every step of the plan that is not done yet. COMMITS per person."""
    turnover = db.session.get(Turnover, turnover_id)
    actor = db.session.get(User, turnover.created_by_id) if turnover.created_by_id else None
    run_ = _Run(turnover, actor, today)
    number = 0
    for part, step in (("stays", run_.stay), ("new", run_.arrive), ("leaves", run_.leave)):
        for person in people(turnover.plan, part):
            run_.in_one_transaction(step, person)
            number += 1
            progress(number)
    turnover = db.session.get(Turnover, turnover_id)
    turnover.status, turnover.finished_at = DONE, utcnow()
    turnover.result = summary(turnover) | {"messages": run_.messages}
    record("turnover.finished", actor=actor, organisation_id=turnover.organisation_id, target=turnover,
           details={key: value for key, value in turnover.result.items() if key != "messages"})
    db.session.commit()
    return turnover.result


def summary(turnover: Turnover) -> dict:
    """What the plan held and what was done, counted from the recorded steps (so a retry adds nothing)."""
    done = dict(db.session.execute(select(TurnoverStep.kind, func.count()).where(
        TurnoverStep.turnover_id == turnover.id).group_by(TurnoverStep.kind)).all())
    return {"turnover_id": turnover.id, "stays": turnover.count("stays"), "leaves": turnover.count("leaves"),
            "new": turnover.count("new"), "installation_on": turnover.installation_on.isoformat(),
            "deadline": turnover.deadline.isoformat() if turnover.deadline else None,
            **{kind: done.get(kind, 0) for kind in STEP_KINDS}}


class _Run:
    def __init__(self, turnover: Turnover, actor: User | None, today: date) -> None:
        self.turnover_id = turnover.id
        self.organisation_id = turnover.organisation_id
        self.installation_on = turnover.installation_on
        self.course_id = turnover.course_id
        self.deadline = turnover.deadline
        self.update_details = turnover.update_details
        self.actor_id = actor.id if actor else None
        self.today = today
        self.done = set(db.session.execute(select(TurnoverStep.kind, TurnoverStep.user_id).where(
            TurnoverStep.turnover_id == turnover.id)).all())
        self.messages: list[str] = []

    @property
    def actor(self) -> User | None:
        return db.session.get(User, self.actor_id) if self.actor_id else None

    def in_one_transaction(self, step: Callable[[Person], None], person: Person) -> None:
        try:
            step(person)
            db.session.commit()
        except (IntegrityError, auth_services.EmailTaken):  # another run, or someone else, was first
            db.session.rollback()
            self.done = set(db.session.execute(select(TurnoverStep.kind, TurnoverStep.user_id).where(
                TurnoverStep.turnover_id == self.turnover_id)).all())
            self.messages.append(_("%(email)s: overgeslagen, want dit was intussen al gedaan.", email=person.email))

    def _record_step(self, kind: str, user: User, action: str, **details) -> None:
        db.session.add(TurnoverStep(turnover_id=self.turnover_id, kind=kind, user_id=user.id))
        db.session.flush()  # the unique constraint speaks here, before anything else is recorded
        self.done.add((kind, user.id))
        record(action, actor=self.actor, organisation_id=self.organisation_id, target=user,
               details={"via": "turnover", "turnover_id": self.turnover_id} | details)

    def _member(self, person: Person) -> User | None:
        user = db.session.scalar(select(User).where(
            User.id == person.user_id, User.organisation_id == self.organisation_id, User.role == Role.MEMBER,
            User.erased_at.is_(None))) if person.user_id else None
        if user is None:
            self.messages.append(_("%(name)s is niet meer bij je organisatie gevonden; overgeslagen.", name=person.name))
        return user

    def stay(self, person: Person) -> None:
        user = self._member(person)
        if user is None:
            return
        if self.update_details and person.has_changes and ("updated", user.id) not in self.done:
            changes = auth_services.update_profile(user, person.new_name or user.name,
                                                   Function(person.new_function) if person.new_function else user.function)
            if changes:
                self._record_step("updated", user, "member.edited", changes=changes)
        if user.deactivate_on is not None and ("kept", user.id) not in self.done:
            old = user.deactivate_on
            user.deactivate_on = None
            self._record_step("kept", user, "member.deactivation_cancelled", was=old.isoformat())

    def arrive(self, person: Person) -> None:
        user = db.session.scalar(select(User).where(func.lower(User.email) == person.email.lower()))
        if user is None:
            organisation = db.session.get(Organisation, self.organisation_id)
            user = auth_services.create_user(organisation, person.email, person.name, Role.MEMBER,
                                             Function(person.function) if person.function else None)
            auth_services.send_invitation(user)
            self._record_step("invited", user, "member.invited")
        elif user.organisation_id != self.organisation_id or user.role != Role.MEMBER or user.erased_at:
            self.messages.append(_("%(email)s hoort intussen bij een ander account; overgeslagen.", email=person.email))
            return
        elif not user.active and ("reactivated", user.id) not in self.done:
            set_active(user, True)
            if not user.has_accepted:
                auth_services.send_invitation(user)
            self._record_step("reactivated", user, "member.reactivated")
            if self.update_details:  # back after years: the list has the name and function as they are now
                changes = auth_services.update_profile(user, person.name, Function(person.function))
                if changes:
                    self._record_step("updated", user, "member.edited", changes=changes)
        if self.course_id and ("assigned", user.id) not in self.done \
                and user.id not in assigned_user_ids(self.organisation_id, self.course_id):
            assignment = Assignment(organisation_id=self.organisation_id, course_id=self.course_id, user_id=user.id,
                                    deadline=self.deadline, created_by_id=self.actor_id)
            db.session.add(assignment)
            db.session.flush()
            self._record_step("assigned", user, "assignment.created", course_id=self.course_id,
                              deadline=self.deadline.isoformat() if self.deadline else None)

    def leave(self, person: Person) -> None:
        user = self._member(person)
        if user is None or not user.active:
            return  # deactivated already (by hand, the daily job, or an earlier run)
        if self.installation_on <= self.today:
            set_active(user, False)
            self._record_step("deactivated", user, "member.deactivated")
        elif user.deactivate_on != self.installation_on:
            schedule_deactivation(user, self.installation_on)
            self._record_step("scheduled", user, "member.deactivation_scheduled", on=self.installation_on.isoformat())
