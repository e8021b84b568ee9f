"""The progress page of a background job: a live bar with JavaScript, a self-refreshing page without."""
from __future__ import annotations

from tests.browser.helpers import ARTIFACTS, check_page, expect, login


def running_job(live_server) -> int:
    from sqlalchemy import select

    from app.auth.models import User
    from app.extensions import db
    from app.jobs.models import RUNNING, Job

    with live_server.app.app_context():
        griffier = db.session.scalar(select(User).where(User.email == "griffier@voorbeeld.example"))
        job = Job(kind="reminders", owner_id=griffier.id, organisation_id=griffier.organisation_id, status=RUNNING,
                  done=12, total=48)
        db.session.add(job)
        db.session.commit()
        return job.id


def update_job(live_server, job_id: int, **values) -> None:
    from app.extensions import db
    from app.jobs.models import Job

    with live_server.app.app_context():
        job = db.session.get(Job, job_id)
        for key, value in values.items():
            setattr(job, key, value)
        db.session.commit()


def test_the_live_bar_follows_the_job_and_shows_the_result(live_server, new_context):
    job_id = running_job(live_server)
    for width in (320, 1280):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        login(page, "griffier@voorbeeld.example")
        page.goto(f"/taken/{job_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Herinneringen versturen")
        expect(page.locator("#job-status")).to_have_text("Bezig: 12 van 48")
        check_page(page, f"job progress at {width} px")
        # The job's content fits (the griffie's main menu is wider at 320 px on every page: not this page's doing).
        assert page.evaluate("document.querySelector('main').scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"job-progress-{width}.png"), full_page=True)

    update_job(live_server, job_id, done=30)
    expect(page.locator("#job-progress")).to_have_attribute("value", "30")  # the bar moves without a reload
    expect(page.locator("#job-status")).to_have_text("Bezig: 30 van 48")
    update_job(live_server, job_id, done=48, status="done", result={"sent": 48, "skipped": 0})
    expect(page.get_by_text("48 herinneringen klaargezet om te versturen.")).to_be_visible()
    check_page(page, "job result")

    page.get_by_role("link", name="Mijn taken").first.click()  # the way back to it later
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    check_page(page, "my jobs")
    expect(page.get_by_role("link", name="Herinneringen versturen").first).to_be_visible()


def test_without_javascript_each_load_shows_where_the_job_is(live_server, new_context):
    """Without JavaScript a <noscript> meta refresh reloads the page (tests/jobs checks it is there);
    Chromium with scripting switched off by Playwright does not render <noscript>, so here the
    reload is done by hand: the server-rendered page alone must tell the progress and the result."""
    job_id = running_job(live_server)
    page = new_context(java_script_enabled=False).new_page()
    login(page, "griffier@voorbeeld.example")
    page.goto(f"/taken/{job_id}")
    expect(page.locator("#job-status")).to_have_text("Bezig: 12 van 48")
    expect(page.get_by_role("progressbar", name="Voortgang")).to_have_attribute("value", "12")
    update_job(live_server, job_id, done=48, status="done", result={"sent": 0, "skipped": 0})
    page.reload()
    expect(page.get_by_text("Er hoefde vandaag niemand een herinnering te krijgen")).to_be_visible()
