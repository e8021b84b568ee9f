"""Each office holder sees the course of their own office (audience in course.md), and not the others'.

Small fixture courses with the slugs and audiences of ISSUE14-FORMAT.md, so the test does not
depend on the bundled text.
"""
from __future__ import annotations

import pytest

from app.auth.models import Function, Role
from app.courses.services import sync_courses
from tests.coursefiles import write_course

OFFICES = {
    "weerbaar-wethouder": ("wethouder", "Weerbaar als wethouder"),
    "weerbaar-burgemeester": ("burgemeester", "Weerbaar als burgemeester"),
    "weerbaar-staten": ("statenlid", "Weerbaar in Provinciale Staten"),
    "weerbaar-waterschap": ("waterschapsbestuurder", "Weerbaar in het waterschap"),
}


@pytest.fixture
def office_courses(db, tmp_path):
    root = tmp_path / "courses"
    for slug, (audience, title) in OFFICES.items():
        course_md = f"---\ntitle: {title}\nsummary: Voor de {audience}.\naudience:\n  - {audience}\n---\nWelkom.\n"
        write_course(root, slug=slug, course_md=course_md)
    write_course(root, slug="voor-iedereen")  # no audience: every office holder
    sync_courses(root)
    db.session.commit()


@pytest.mark.parametrize("slug", list(OFFICES))
def test_each_office_holder_sees_only_their_own_office_course(client, login_as, office_courses, slug):
    audience, title = OFFICES[slug]
    login_as(Role.MEMBER, function=Function(audience))
    dashboard = client.get("/leren/").get_data(as_text=True)
    assert title in dashboard and "Testcursus" in dashboard
    for other, (_audience, other_title) in OFFICES.items():
        if other != slug:
            assert other_title not in dashboard
            assert client.get(f"/leren/{other}").status_code == 404
    assert client.get(f"/leren/{slug}").status_code == 200
    assert client.get(f"/leren/{slug}/begin/een").status_code == 200


def test_a_raadslid_sees_none_of_the_office_courses(client, login_as, office_courses):
    login_as(Role.MEMBER, function=Function.RAADSLID)
    dashboard = client.get("/leren/").get_data(as_text=True)
    assert "Testcursus" in dashboard
    assert not any(title in dashboard for _audience, title in OFFICES.values())
