"""Jobs: the progress page (with and without JavaScript), the result, and who may see them."""
from __future__ import annotations

import re

import pytest

from app.auth.models import Role
from app.extensions import db
from app.jobs import job_kind
from app.jobs.models import DONE, FAILED, QUEUED, RUNNING, Job
from tests.factories import OrganisationFactory, UserFactory


@job_kind("test_broken", title="Kapotte taak", result_template="griffie/_reminders_result.html")
def _broken(ctx):
    raise RuntimeError("stuk")


def make_job(owner, status=QUEUED, **fields) -> Job:
    job = Job(kind="reminders", owner_id=owner.id, organisation_id=owner.organisation_id, status=status, **fields)
    db.session.add(job)
    db.session.commit()
    return job


def test_a_running_job_refreshes_itself_without_javascript(client, login_as):
    griffier = login_as(Role.GRIFFIER)
    job = make_job(griffier, RUNNING, done=40, total=120)
    html = client.get(f"/taken/{job.id}").get_data(as_text=True)
    assert html.count("<h1>") == 1 and "Herinneringen versturen" in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert re.search(r'<progress id="job-progress" max="120" value="40">33%</progress>', html)
    assert "Bezig: 40 van 120" in html and "Je kunt deze pagina gerust verlaten" in html
    # The live bar is an external script; no inline script (a strict CSP is coming).
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/jobs.js" defer>']
    assert client.get(f"/taken/{job.id}/status").get_json() == {
        "status": "running", "done": 40, "total": 120, "percent": 33, "finished": False, "label": "Bezig: 40 van 120"}


def test_a_finished_job_shows_its_result_and_stops_refreshing(client, login_as):
    griffier = login_as(Role.GRIFFIER)
    job = make_job(griffier, DONE, done=3, total=3, result={"sent": 3, "skipped": 0})
    html = client.get(f"/taken/{job.id}").get_data(as_text=True)
    assert "refresh" not in html and "<script" not in html
    assert "3 herinneringen klaargezet om te versturen." in html


def test_the_list_brings_the_person_back_to_their_jobs(client, login_as):
    griffier = login_as(Role.GRIFFIER)
    job = make_job(griffier, RUNNING, done=1, total=2)
    other = make_job(UserFactory(role=Role.GRIFFIER, organisation=griffier.organisation))
    html = client.get("/taken/").get_data(as_text=True)
    assert f'href="/taken/{job.id}"' in html and f'href="/taken/{other.id}"' not in html
    assert 'href="/taken/"' in client.get("/griffie/").get_data(as_text=True)  # reachable from every page


@pytest.mark.parametrize("path", ["", "/status", "/bestand"])
def test_someone_elses_job_does_not_exist_for_you(client, login_as, path):
    griffier = login_as(Role.GRIFFIER)
    colleague = UserFactory(role=Role.GRIFFIER, organisation=griffier.organisation)
    stranger = UserFactory(role=Role.GRIFFIER, organisation=OrganisationFactory())
    for owner in (colleague, stranger):
        job = make_job(owner, DONE, output=b"PK", output_name="x.zip")
        assert client.get(f"/taken/{job.id}{path}").status_code == 404


def test_jobs_need_a_login(client, db):
    owner = UserFactory(role=Role.GRIFFIER)
    job = make_job(owner)
    response = client.get(f"/taken/{job.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_job_that_fails_says_so_and_keeps_the_error(client, login_as):
    from app.jobs import start

    griffier = login_as(Role.GRIFFIER)
    job = start("test_broken", owner=griffier, organisation_id=griffier.organisation_id)
    db.session.commit()  # runs it (inline in tests)
    db.session.refresh(job)
    assert job.status == FAILED and job.error == "RuntimeError: stuk"
    html = client.get(f"/taken/{job.id}").get_data(as_text=True)
    assert "Dit is niet gelukt" in html and "stuk" not in html  # the detail is for the log, not the page


def test_a_job_runs_once_however_often_it_is_nudged(app, db, login_as):
    from app.jobs import start
    from app.jobs.runner import run

    griffier = login_as(Role.GRIFFIER)
    job = start("reminders", owner=griffier, organisation_id=griffier.organisation_id)
    db.session.commit()
    finished = db.session.get(Job, job.id).finished_at
    run(job.id)
    db.session.expire_all()
    assert db.session.get(Job, job.id).finished_at == finished


def test_a_job_whose_process_died_is_shown_as_failed(app, client, login_as):
    from datetime import timedelta

    from app.background.runners import sweep
    from app.db_types import utcnow

    griffier = login_as(Role.GRIFFIER)
    job = make_job(griffier, RUNNING, started_at=utcnow() - timedelta(seconds=3 * app.config["JOB_TIMEOUT"]))
    sweep(app)
    assert "Dit is niet gelukt" in client.get(f"/taken/{job.id}").get_data(as_text=True)


def test_the_list_of_jobs_takes_the_same_queries_for_many_jobs(client, login_as, count_queries):
    griffier = login_as(Role.GRIFFIER)
    make_job(griffier)
    with count_queries() as few:
        client.get("/taken/")
    for _ in range(10):
        make_job(griffier, DONE)
    with count_queries() as many:
        client.get("/taken/")
    assert len(many) == len(few)


def test_a_zip_is_let_go_after_a_week_and_the_page_says_so(app, client, login_as):
    from datetime import timedelta

    from app.background.runners import sweep
    from app.db_types import utcnow

    griffier = login_as(Role.GRIFFIER)
    job = Job(kind="certificates_zip", owner_id=griffier.id, organisation_id=griffier.organisation_id, status=DONE,
              result={"count": 2, "bytes": 2048}, output=b"PK", output_name="certificaten.zip",
              finished_at=utcnow() - timedelta(days=app.config["JOB_FILES_KEEP_DAYS"] + 1))
    db.session.add(job)
    db.session.commit()
    assert client.get(f"/taken/{job.id}/bestand").status_code == 200
    sweep(app)
    assert client.get(f"/taken/{job.id}/bestand").status_code == 404
    assert "Deze ZIP is na een week verwijderd" in client.get(f"/taken/{job.id}").get_data(as_text=True)


def test_starting_long_work_is_in_the_audit_trail(client, login_as):
    from sqlalchemy import select

    from app.audit.models import AuditEntry
    from tests.conftest import submit

    griffier = login_as(Role.GRIFFIER)
    submit(client, "/griffie/herinneringen", {}, page="/griffie/")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reminders.started"))
    assert entry.actor_id == griffier.id and entry.organisation_id == griffier.organisation_id
    assert entry.target_type == "Job"
