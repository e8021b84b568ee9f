"""A trainer opens a course, edits a file and sees every problem with its line number."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.authoring.models import CourseDraft
from app.courses.models import CourseVersion
from tests.conftest import csrf_from, submit
from tests.coursefiles import lesson_md, write_course

LESSON = "01-begin/02-twee.md"


def test_course_list_shows_every_course_and_its_newest_version(client, trainer, course):
    html = client.get("/auteur/").get_data(as_text=True)
    assert "<h1>Cursussen schrijven</h1>" in html
    assert 'href="/auteur/testcursus"' in html and "Testcursus" in html


def test_course_list_query_count_does_not_grow(client, trainer, db, tmp_path, count_queries):
    from app.courses.services import sync_courses

    sync_courses(write_course(tmp_path / "a", slug="cursus-a"))
    db.session.commit()
    client.get("/auteur/cursus-a")  # one course with a draft
    with count_queries() as few:
        assert client.get("/auteur/").status_code == 200
    for n in range(6):
        sync_courses(write_course(tmp_path / f"c{n}", slug=f"cursus-{n}"))
        db.session.commit()
        client.get(f"/auteur/cursus-{n}")
    with count_queries() as many:
        html = client.get("/auteur/").get_data(as_text=True)
    assert html.count('href="/auteur/cursus-') == 7
    assert len(many) == len(few)


def test_opening_a_course_makes_a_draft_from_the_newest_version(client, trainer, course, db):
    html = client.get("/auteur/testcursus").get_data(as_text=True)
    assert LESSON in html and "De controle vond geen problemen." in html
    draft = db.session.scalar(select(CourseDraft))
    assert draft.files == course.files and draft.base_version_id == course.id


def test_editor_shows_the_markdown_source(client, trainer, course):
    html = client.get(f"/auteur/testcursus/bestand/{LESSON}").get_data(as_text=True)
    assert "title: Les twee" in html and '<textarea' in html and 'id="text"' in html
    assert client.get("/auteur/testcursus/bestand/01-begin/99-niet.md").status_code == 404


def test_saving_keeps_the_text_and_lists_problems_with_line_numbers(client, trainer, course, db):
    url = f"/auteur/testcursus/bestand/{LESSON}"
    text = "---\r\ntitle: Les twee\r\nminuten: 3\r\n---\r\n# Kop\r\n"
    response = submit(client, url, {"text": text})
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "01-begin/02-twee.md:3:" in html and "onbekende sleutel &#39;minuten&#39;" in html
    assert "01-begin/02-twee.md:5:" in html  # a heading with one #
    assert "Dit bestand heeft fouten" in html  # the error summary
    draft = db.session.scalar(select(CourseDraft))
    assert draft.files[LESSON] == text.replace("\r\n", "\n")  # LF, as in courses/
    # nothing changed for learners: still one version
    assert db.session.scalar(select(func.count()).select_from(CourseVersion)) == 1


def test_problems_match_the_cli_validator(client, trainer, course, db, app, tmp_path):
    """The editor and `flask courses validate` report the same path:line: message."""
    broken = "---\ntitle: Les twee\n---\nZie [weg](03-bestaat-niet.md).\n\nTekst:\n- een\n- twee\n"
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": broken})
    root = write_course(tmp_path / "cli", extra={LESSON: broken})
    result = app.test_cli_runner().invoke(args=["courses", "validate", str(root)])
    cli_lines = [line.replace(str(root) + "/", "") for line in result.output.splitlines() if ":" in line and "/" in line]
    html = client.get("/auteur/testcursus").get_data(as_text=True)
    assert len(cli_lines) == 2
    for line in cli_lines:
        path_line, _label, message = line.split(": ", 2)
        assert path_line.removeprefix("testcursus/") + ":" in html
        assert message.replace("'", "&#39;") in html


def test_live_check_validates_unsaved_text_without_saving(client, trainer, course, db):
    page = client.get(f"/auteur/testcursus/bestand/{LESSON}").get_data(as_text=True)
    response = client.post("/auteur/testcursus/controleren", data={
        "path": LESSON, "text": "---\ntitle: Twee\nminutes: 99\n---\nTekst\n", "csrf_token": csrf_from(page)})
    problems = response.get_json()["problems"]
    assert [(p["line"], p["severity"]) for p in problems] == [(3, "error")]
    assert "minutes" in problems[0]["message"]
    assert db.session.scalar(select(CourseDraft)).files[LESSON] == lesson_md("Les twee")


def test_a_tampered_form_is_refused(client, trainer, course, db):
    client.get(f"/auteur/testcursus/bestand/{LESSON}")
    response = client.post(f"/auteur/testcursus/bestand/{LESSON}", data={"text": "weg", "csrf_token": "vals"})
    assert response.status_code == 400
    assert db.session.scalar(select(CourseDraft)).files[LESSON] == lesson_md("Les twee")
    assert client.post("/auteur/testcursus/controleren", data={"path": LESSON, "text": "x"}).status_code == 400


def test_new_lesson_from_a_template_and_refused_paths(client, trainer, course, db):
    url = "/auteur/testcursus/nieuw"
    bad = submit(client, url, {"kind": "lesson", "path": "../buiten.md", "title": "Weg"})
    assert "Gebruik een pad binnen de cursus" in bad.get_data(as_text=True)
    bad = submit(client, url, {"kind": "lesson", "path": "01-begin/zonder-nummer.md", "title": "X"})
    assert "Schrijf het pad als" in bad.get_data(as_text=True)
    taken = submit(client, url, {"kind": "lesson", "path": LESSON, "title": "X"})
    assert "Dit bestand bestaat al." in taken.get_data(as_text=True)
    response = submit(client, url, {"kind": "quiz", "path": "01-begin/04-toets.md", "title": "Toets: 'begin' \\q #1"})
    assert response.headers["Location"].endswith("/auteur/testcursus/bestand/01-begin/04-toets.md")
    html = client.get("/auteur/testcursus").get_data(as_text=True)
    assert "01-begin/04-toets.md" in html and "De controle vond geen problemen." in html
    assert "title: 'Toets: ''begin'' \\q #1'" in db.session.scalar(select(CourseDraft)).files["01-begin/04-toets.md"]


def test_deleting_a_file_and_discarding_the_draft(client, trainer, course, db):
    client.get("/auteur/testcursus")
    page = f"/auteur/testcursus/bestand/{LESSON}"
    submit(client, "/auteur/testcursus/bestand/01-begin/03-drie.md/verwijderen", {}, page=page)
    assert "01-begin/03-drie.md" not in db.session.scalar(select(CourseDraft)).files
    html = client.get("/auteur/testcursus").get_data(as_text=True)
    assert "Niet-gepubliceerde wijzigingen" in html
    submit(client, "/auteur/testcursus/weggooien", {}, page="/auteur/testcursus")
    db.session.expire_all()
    assert db.session.scalar(select(CourseDraft)).files == course.files
    refused = submit(client, "/auteur/testcursus/bestand/course.md/verwijderen", {}, page=page, follow_redirects=True)
    assert "course.md hoort bij elke cursus" in refused.get_data(as_text=True)


def test_two_trainers_editing_the_same_file_do_not_overwrite_each_other(client, trainer, course, db):
    url = f"/auteur/testcursus/bestand/{LESSON}"
    page = client.get(url).get_data(as_text=True)  # trainer A opens the editor
    based_on = re.search(r'name="based_on" type="hidden" value="([0-9a-f]{64})"', page).group(1)
    submit(client, url, {"text": lesson_md("Les twee", "Tekst van B."), "based_on": based_on})  # B saves first
    response = client.post(url, data={"text": lesson_md("Les twee", "Tekst van A."), "based_on": based_on,
                                      "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Iemand anders heeft dit bestand opgeslagen" in html
    assert "Tekst van A." in html  # A keeps the text in the editor to copy
    db.session.expire_all()
    assert "Tekst van B." in db.session.scalar(select(CourseDraft)).files[LESSON]



def test_a_version_published_elsewhere_is_noticed_and_the_draft_can_follow_it(client, trainer, course, db, app, course_dir):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": lesson_md("Les twee", "Concepttekst.")})
    write_course(course_dir, extra={"01-begin/03-drie.md": lesson_md("Les drie", "Uit git.")})
    assert app.test_cli_runner().invoke(args=["courses", "sync", str(course_dir)]).exit_code == 0
    html = client.get("/auteur/testcursus").get_data(as_text=True)
    assert "is versie 2 gepubliceerd" in html
    assert "is versie 2 gepubliceerd" in client.get("/auteur/testcursus/publiceren").get_data(as_text=True)
    submit(client, "/auteur/testcursus/weggooien", {}, page="/auteur/testcursus")
    db.session.expire_all()
    draft = db.session.scalar(select(CourseDraft))
    assert "Uit git." in draft.files["01-begin/03-drie.md"] and "Concepttekst." not in draft.files[LESSON]
    assert "is versie 2 gepubliceerd" not in client.get("/auteur/testcursus").get_data(as_text=True)
