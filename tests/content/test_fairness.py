"""No content-blind strategy passes a bundled scenario or knowledge check, played through the pages.

A member who never reads and always clicks the first, the last, the longest or the shortest option,
as the page shows them (so after the shuffle), must not pass anything that counts for the
certificate. Each strategy plays every activity with a few fixed seeds (so the test is the same on
every run), each time as a fresh member, so attempt limits do not get in the way.
"""
from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.models import Function, Role
from app.courses.models import CourseVersion, Lesson
from app.courses.services import sync_courses
from app.db_types import utcnow
from app.extensions import db
from app.quizzes import services
from tests.conftest import csrf_from, sign_in
from tests.factories import CertificateFactory, UserFactory

COURSES = Path(__file__).resolve().parents[2] / "courses"
SEEDS = ["blind-1", "blind-2"]
MAX_STEPS = 60  # a blind player that walks in circles never reaches an ending: that is a fail too
OPTION = re.compile(r'<input type="(?:radio|checkbox)" name="(antwoord|keuze)" value="([^"]+)" id="([^"]+)">\s*'
                    r'<label for="\3">(.*?)</label>', re.S)


def _length(label: str) -> int:
    return len(html_lib.unescape(re.sub(r"<[^>]+>", "", label)).strip())


STRATEGIES = {
    "first": lambda options: options[0],
    "last": lambda options: options[-1],
    "longest": lambda options: max(options, key=lambda o: o[2]),  # max/min keep the first of equals
    "shortest": lambda options: min(options, key=lambda o: o[2]),
}


@pytest.fixture
def bundled(db, monkeypatch):
    """The bundled courses imported as they are; fixed seeds for the attempts' shuffles and draws."""
    sync_courses(COURSES)
    db.session.commit()
    seeds: list[str] = []
    monkeypatch.setattr(services, "new_seed", lambda: seeds.pop(0))
    lessons = db.session.scalars(select(Lesson).join(CourseVersion, CourseVersion.id == Lesson.version_id).where(Lesson.kind != "lesson")
                                 .order_by(Lesson.id)).all()
    return lessons, seeds


def _log_in(client, user) -> None:
    sign_in(client, user)


def _play(client, base: str, pick) -> str:
    """Play one attempt with a blind strategy; the result page, or '' when it never ends."""
    token = csrf_from(client.get(base).get_data(as_text=True))
    url = client.post(base + "/pogingen", data={"csrf_token": token}).headers["Location"]
    for _step in range(MAX_STEPS):
        response = client.get(url)
        if response.status_code == 302:
            return client.get(response.headers["Location"]).get_data(as_text=True)
        page = response.get_data(as_text=True)
        options = [(name, value, _length(label)) for name, value, _id, label in OPTION.findall(page)]
        assert options, f"no options on {url}"
        name, value, _n = pick(options)
        data = {"csrf_token": csrf_from(page), name: value}
        if stap := re.search(r'name="stap" value="(\d+)"', page):
            data["stap"] = stap.group(1)
        if situatie := re.search(r'name="situatie" value="([^"]+)"', page):
            data["situatie"] = situatie.group(1)
        assert client.post(url, data=data).status_code == 302
    return ""


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_no_blind_strategy_passes_any_bundled_activity(client, bundled, strategy):
    lessons, seeds = bundled
    passed = []
    for lesson in lessons:
        course = lesson.module.version.course
        base = f"/leren/{course.slug}/{lesson.module.slug}/{lesson.slug}"
        for seed in SEEDS:
            griffie_course = "griffie" in course.slug
            # the office courses (issue 14) open only for their own audience
            audience = lesson.module.version.audience
            function = None if griffie_course else Function(next((a for a in audience if a != "griffier"), "raadslid"))
            member = UserFactory(role=Role.GRIFFIER if griffie_course else Role.MEMBER, function=function)
            if lesson.module.is_refresher:  # open only to a member whose certificate is about to expire
                CertificateFactory(user=member, course_id=course.id, version_id=lesson.version_id,
                                   expires_at=utcnow() + timedelta(days=10))
            db.session.commit()
            _log_in(client, member)
            seeds.append(seed)
            result = _play(client, base, STRATEGIES[strategy])
            if result and "Niet geslaagd" not in result:
                passed.append(f"{base} (seed {seed})")
    assert passed == [], f"'{strategy}' passes without reading: {passed}"
