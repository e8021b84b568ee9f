"""The preview shows what learners will see, through the learner templates, and keeps nothing."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.auth.models import Role
from app.courses.models import CourseVersion, Lesson
from tests.conftest import submit

LESSON = "01-begin/01-een.md"
CHANGED = ("---\ntitle: Les een, verbeterd\nminutes: 4\n---\nNieuwe tekst met [les twee](02-twee.md).\n\n"
           "!!! tip \"Goed om te weten\"\n    Een kader.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")


def article(html: str) -> str:
    """The learner's part of a lesson page: title and rendered text."""
    match = re.search(r"<h1>.*?</h1>.*?<div class=\"prose\">.*?</div>\n  <nav", html, re.S)
    assert match, html
    return match.group(0)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_preview_of_a_changed_lesson_equals_the_learner_page_after_publishing(client, trainer, course, db, login_as):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": CHANGED})
    preview = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert "Les een, verbeterd" in preview and "Voorbeeld van het concept." in preview
    assert count(db, CourseVersion) == 1 and count(db, Lesson) == 5  # the preview wrote nothing
    shown = article(preview)
    assert 'href="/auteur/testcursus/voorbeeld/begin/twee"' in shown  # links stay inside the preview

    submit(client, "/auteur/testcursus/publiceren", {"note": "Les een verbeterd"})
    login_as(Role.MEMBER)
    learner = client.get("/leren/testcursus/begin/een").get_data(as_text=True)
    assert article(learner) == shown.replace("/auteur/testcursus/voorbeeld/", "/leren/testcursus/")


def test_preview_of_an_unchanged_draft_is_the_published_page(client, trainer, course, db, login_as):
    html = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert "Het concept is gelijk aan versie 1" in html
    login_as(Role.MEMBER)
    learner = article(client.get("/leren/testcursus/begin/een").get_data(as_text=True))
    # the same page; only the links in the text stay inside the preview
    assert learner == article(html).replace("/auteur/testcursus/voorbeeld/", "/leren/testcursus/")


def test_preview_buttons_change_nothing(client, trainer, course, db):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": CHANGED})
    html = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert 'method="get" action="/auteur/testcursus/voorbeeld/begin/twee"' in html
    assert "/klaar" not in html and "/leren/testcursus/" not in html
    course_page = client.get("/auteur/testcursus/voorbeeld").get_data(as_text=True)
    assert "<h1>Testcursus</h1>" in course_page and 'href="/auteur/testcursus/voorbeeld/begin/een"' in course_page


def test_preview_of_a_broken_lesson_lists_its_errors_instead(client, trainer, course, db):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": "---\ntitle: [kapot\n---\n"})
    html = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" in html and "01-begin/01-een.md:2:" in html
    assert "een bestand nodig dat fouten heeft: 01-begin/01-een.md" in html


def test_an_error_in_another_file_does_not_block_a_lessons_preview(client, trainer, course, db):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": "---\ntitle: [kapot\n---\n"})
    html = client.get("/auteur/testcursus/voorbeeld/begin/twee").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" not in html and "<h1>" in html
    assert "Dit voorbeeld laat weg wat fouten heeft:" in html and "<code>01-begin/01-een.md</code>" in html
    course_page = client.get("/auteur/testcursus/voorbeeld").get_data(as_text=True)
    assert "<code>01-begin/01-een.md</code>" in course_page
    assert count(db, CourseVersion) == 1 and count(db, Lesson) == 5  # still nothing kept


def test_a_broken_course_file_blocks_every_preview(client, trainer, course, db):
    submit(client, "/auteur/testcursus/bestand/course.md", {"text": "---\ntitle: [kapot\n---\n"})
    html = client.get("/auteur/testcursus/voorbeeld/begin/twee").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" in html and "course.md" in html


def test_scenario_walk_follows_choices_and_reaches_an_ending(client, trainer, activity_version, db):
    base = "/auteur/testcursus/voorbeeld/verder/tribune"
    start = client.get(base).get_data(as_text=True)
    assert "Start het scenario" in start and f'href="{base}/doorlopen"' in start
    first = client.get(f"{base}/doorlopen").get_data(as_text=True)
    assert "Onrust op de tribune" in first and 'name="keuze" value="tribune-2"' in first
    assert f'method="get" action="{base}/doorlopen"' in first and "/pogingen" not in first
    looped = client.get(f"{base}/doorlopen?pad=&keuze=tribune-2").get_data(as_text=True)
    assert "Het loopt op" in looped and "Zo wordt het persoonlijk." in looped  # feedback of the choice made
    again = client.get(f"{base}/doorlopen?pad=tribune-2&keuze=escalatie-2").get_data(as_text=True)
    assert "Het loopt op" in again  # a loop back to the same situation
    end = client.get(f"{base}/doorlopen?pad=tribune-1&keuze=schorsen-2").get_data(as_text=True)
    assert "Veilig verder" in end and "10 punten" in end and "Geslaagd" in end
    assert client.get(f"{base}/doorlopen?keuze=bestaat-niet").status_code == 404
    empty = client.get(f"{base}/doorlopen?pad=tribune-2", follow_redirects=True).get_data(as_text=True)
    assert "Kies wat je zou doen." in empty and "Het loopt op" in empty
    from app.quizzes.models import Attempt
    assert count(db, Attempt) == 0


def test_scenario_as_a_list_of_situations_and_where_choices_lead(client, trainer, activity_version, db):
    base = "/auteur/testcursus/voorbeeld/verder/tribune"
    assert f'href="{base}/kaart"' in client.get(base).get_data(as_text=True)
    html = client.get(f"{base}/kaart").get_data(as_text=True)
    for situation in ("tribune", "escalatie", "schorsen"):
        assert f'id="situatie-{situation}"' in html
    assert html.count('href="#situatie-schorsen"') == 2 and html.count('href="#einde-slecht"') == 2
    assert "Geadviseerde route: tribune → schorsen → goed" in html and "score 10" in html
    assert "Zo wordt het persoonlijk." in html  # feedback of every choice
    assert client.get("/auteur/testcursus/voorbeeld/verder/toets/kaart").status_code == 404


def test_scenario_and_quiz_previews_list_everything(client, trainer, activity_version, db):
    quiz = client.get("/auteur/testcursus/voorbeeld/verder/toets/doorlopen").get_data(as_text=True)
    assert quiz.count("answer--correct") == 4 and "Dan ben je je bewijs kwijt." in quiz
