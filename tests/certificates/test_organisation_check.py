"""The organisation certificate is checked after the member's completion is committed, as a job
without an owner: the member's last "Klaar" does not build the organisation's report."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import Role
from app.certificates import organisation_check
from app.certificates.models import OrganisationCertificate
from app.courses.services import sync_courses
from app.jobs.models import DONE, QUEUED, Job
from app.jobs.runner import run
from tests.certificates.test_issue import finish_course
from tests.conftest import sign_in
from tests.coursefiles import write_course
from tests.factories import UserFactory


def test_the_last_completion_leaves_a_job_that_issues_the_organisation_certificate(client, login_as, db, tmp_path,
                                                                                  monkeypatch):
    version = sync_courses(write_course(tmp_path / "c")).created[0]
    db.session.commit()
    first = login_as(Role.MEMBER)
    second = UserFactory(organisation=first.organisation)
    db.session.commit()
    finish_course(client)
    sign_in(client, second)
    reports = []
    monkeypatch.setattr(organisation_check, "issue_organisation_certificate_if_complete",
                        lambda *args: reports.append(args))  # this once the check finds nothing
    finish_course(client)
    assert len(reports) == 1  # the check ran after the commit, for this organisation and course
    jobs = db.session.scalars(select(Job).where(Job.kind == organisation_check.KIND).order_by(Job.id)).all()
    assert [job.owner_id for job in jobs] == [None, None]  # nobody's list of jobs shows them
    assert jobs[-1].organisation_id == first.organisation_id and jobs[-1].params == {"course_id": version.course_id}
    assert db.session.scalar(select(OrganisationCertificate)) is None

    monkeypatch.undo()
    jobs[-1].status = QUEUED  # the sweep runs what was not started
    db.session.commit()
    run(jobs[-1].id)
    issued = db.session.scalar(select(OrganisationCertificate))
    assert issued is not None and issued.member_count == 2
    assert db.session.get(Job, jobs[-1].id).status == DONE
    assert db.session.get(Job, jobs[-1].id).result == {"code": issued.code}


def test_running_the_check_twice_issues_one_certificate(client, login_as, db, tmp_path):
    sync_courses(write_course(tmp_path / "c"))
    db.session.commit()
    login_as(Role.MEMBER)
    finish_course(client)  # the only member: the job ran after the commit and issued it
    job = db.session.scalar(select(Job).where(Job.kind == organisation_check.KIND))
    assert job.status == DONE and job.result["code"]
    job.status = QUEUED
    db.session.commit()
    run(job.id)
    assert db.session.scalar(select(func.count()).select_from(OrganisationCertificate)) == 1
    assert db.session.get(Job, job.id).result["code"] == job.result["code"]
