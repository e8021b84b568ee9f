"""The refresher in the browser (issue 17): the demo's council member whose certificate expired ten
days ago sees it, takes it and gets a renewed certificate. Every new or changed page: one h1, axe-clean
at 1280 and 320 px. This test renews Sanne Peters' demo certificate; it runs after the crawl."""
from __future__ import annotations

import re

from tests.browser.helpers import check_widths, expect, login

MEMBER = "raadslid@anderstad.example"
REFRESHER = "/leren/weerbaar-besturen/opfrissen/toets"


def _pass_open_attempt(live_server) -> tuple[str, str, int]:
    """Answer the open refresher attempt rightly, through the same services as the pages: old code, new code, attempt."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.certificates.models import Certificate
    from app.content.activities.quiz import asked
    from app.extensions import db
    from app.quizzes import services as quizzes
    from app.quizzes.models import Attempt

    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == MEMBER))
        attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id, Attempt.finished_at.is_(None)))
        spec = quizzes.spec_of(attempt.lesson)
        for step, question in enumerate(asked(spec, attempt.layout)):
            quizzes.answer_question(attempt, step, sorted(question.correct_ids()))
        db.session.commit()
        new = db.session.scalar(select(Certificate).where(Certificate.user_id == user.id,
                                                           Certificate.renews_id.is_not(None)))
        return new.renews.code, new.code, attempt.id


def test_an_expired_certificate_is_renewed_with_the_refresher(page, new_context, live_server):
    login(page, MEMBER)
    page.goto("/leren/")
    expect(page.get_by_text("Je certificaat is verlopen op")).to_be_visible()
    check_widths(page, "dashboard with a refresher")
    page.goto("/leren/weerbaar-besturen")
    expect(page.get_by_role("heading", level=2, name="Opfriscursus")).to_be_visible()
    check_widths(page, "course page with a refresher")
    page.get_by_role("link", name="Begin de opfriscursus").click()
    expect(page).to_have_url(re.compile(REFRESHER + "$"))
    check_widths(page, "refresher start page")
    page.get_by_role("button", name="Start de toets").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_widths(page, "refresher question")

    old, new, attempt_id = _pass_open_attempt(live_server)
    page.goto(f"{REFRESHER}/pogingen/{attempt_id}/resultaat")
    expect(page.get_by_text("je hebt de opfriscursus gehaald en een nieuw certificaat gekregen")).to_be_visible()
    check_widths(page, "refresher result with the renewal")
    page.goto("/leren/weerbaar-besturen")
    expect(page.get_by_text("Je hebt je certificaat vernieuwd met de opfriscursus.")).to_be_visible()
    check_widths(page, "course page after the renewal")
    page.goto("/certificaten")
    expect(page.get_by_text("Vernieuwt certificaat")).to_be_visible()
    check_widths(page, "my certificates with a renewal")
    page.goto(f"/verify/{new}")
    expect(page.get_by_text(old)).to_be_visible()
    check_widths(page, "verify the renewing certificate")
    page.goto(f"/verify/{old}")
    expect(page.get_by_text(new)).to_be_visible()
    check_widths(page, "verify the renewed certificate")

    griffie = new_context().new_page()
    login(griffie, "griffier@anderstad.example")
    griffie.goto("/griffie/certificaten")
    expect(griffie.get_by_text("Vernieuwd door certificaat")).to_be_visible()
    check_widths(griffie, "griffie certificates with a renewal")
