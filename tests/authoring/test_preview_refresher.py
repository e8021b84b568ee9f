"""The trainer's preview of a course with a refresher: the refresher is shown, labelled and apart from the
course path, as learners meet it (only when their certificate can be renewed), not as one more module."""
from __future__ import annotations

import pytest

from app.courses.services import sync_courses
from tests.certificates.test_refresher import refresher_course


@pytest.fixture
def version(db, tmp_path):
    created = sync_courses(refresher_course(tmp_path / "courses")).created[0]
    db.session.commit()
    return created


def test_the_course_preview_lists_the_refresher_apart_and_says_who_sees_it(client, trainer, version):
    html = client.get("/auteur/testcursus/voorbeeld").get_data(as_text=True)
    assert "Module 1: Begin" in html and "Module 2: Verder" in html
    assert "Module 3" not in html  # not a third step of the course path
    section = html.split('<h2 id="opfriscursus">Opfriscursus</h2>')[1]
    assert "Cursisten zien hem alleen als hun certificaat bijna verloopt of net verlopen is." in section
    assert 'href="/auteur/testcursus/voorbeeld/opfrissen/toets"' in section
    assert "Voortgang: 0 van 5 lessen gedaan" in html  # the course path's five steps, as learners count them


def test_the_refresher_step_is_labelled_and_leads_nowhere_on_the_course_path(client, trainer, version):
    last = client.get("/auteur/testcursus/voorbeeld/verder/vijf").get_data(as_text=True)
    assert "/voorbeeld/opfrissen/" not in last  # "next" after the last lesson is the course page, not the refresher
    assert 'action="/auteur/testcursus/voorbeeld"' in last
    step = client.get("/auteur/testcursus/voorbeeld/opfrissen/toets")
    html = step.get_data(as_text=True)
    assert step.status_code == 200
    assert "Deze stap hoort bij de opfriscursus." in html and "Onderdeel 1 van 1" in html
    assert "/voorbeeld/verder/vijf" not in html  # its sidebar and previous/next hold the refresher only
