"""The preview reads the draft's files and renders only the page asked for: it writes nothing, its
query count does not grow with the course, and a broken file it needs is named with its line."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.authoring import draft_parts
from app.authoring.models import CourseDraft
from app.courses.models import Lesson
from app.courses.services import sync_courses
from tests.conftest import submit
from tests.coursefiles import lesson_md, write_course

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK TO")


def big_course(root, modules: int = 30, lessons: int = 5, slug: str = "testcursus"):
    """The test course plus `modules` more modules of `lessons` lessons each."""
    extra = {f"{m + 2:02d}-extra-{m}/module.md": f"---\ntitle: Extra {m}\n---\n" for m in range(1, modules + 1)}
    extra |= {f"{m + 2:02d}-extra-{m}/{n:02d}-les-{n}.md": lesson_md(f"Les {m}.{n}", f"Tekst {m}.{n}, [terug]"
                                                                      "(../01-begin/01-een.md).")
              for m in range(1, modules + 1) for n in range(1, lessons + 1)}
    return write_course(root, slug=slug, extra=extra)


def preview_statements(client, count_queries, url: str) -> list[str]:
    client.get(url.split("/voorbeeld")[0])  # opens the draft (that page may write; the preview must not)
    client.get(url)  # a first preview fills the per-process caches; the count must not depend on them
    with count_queries() as seen:
        assert client.get(url).status_code == 200
    return seen


PAGES = ("/auteur/testcursus/voorbeeld/begin/een", "/auteur/testcursus/voorbeeld")


@pytest.mark.parametrize("url", PAGES)
def test_the_preview_writes_nothing_and_opens_no_savepoint(client, trainer, course, db, count_queries, url):
    submit(client, "/auteur/testcursus/bestand/01-begin/01-een.md", {"text": lesson_md("Les een, nieuw")})
    draft_parts.clear()
    with count_queries() as seen:
        assert "Les een, nieuw" in client.get(url).get_data(as_text=True)
    assert not [s for s in seen if s.lstrip().upper().startswith(WRITES)], seen


def test_the_preview_of_an_activity_writes_nothing(client, trainer, activity_version, db, count_queries):
    client.get("/auteur/testcursus")
    for url in ("/auteur/testcursus/voorbeeld/verder/tribune", "/auteur/testcursus/voorbeeld/verder/tribune/kaart",
                "/auteur/testcursus/voorbeeld/verder/toets/doorlopen"):
        with count_queries() as seen:
            assert client.get(url).status_code == 200
        assert not [s for s in seen if s.lstrip().upper().startswith(WRITES)], (url, seen)


@pytest.mark.parametrize("url", PAGES)
def test_the_query_count_is_the_same_for_a_small_and_a_large_course(client, trainer, db, tmp_path, count_queries, url):
    sync_courses(write_course(tmp_path / "small"))
    sync_courses(big_course(tmp_path / "big", slug="groot"))  # 155 lessons instead of 5
    db.session.commit()
    small = preview_statements(client, count_queries, url)
    large = preview_statements(client, count_queries, url.replace("/testcursus/", "/groot/"))
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 160
    assert len(large) == len(small) <= 8, large


def test_only_the_previewed_lesson_is_rendered(client, trainer, db, tmp_path, monkeypatch):
    sync_courses(big_course(tmp_path / "big"))
    db.session.commit()
    client.get("/auteur/testcursus")
    from app.courses import services as course_services

    rendered: list[str] = []
    real = course_services.render_markdown
    monkeypatch.setattr(course_services, "render_markdown", lambda text, **kw: rendered.append(text) or real(text, **kw))
    draft_parts.clear()  # nothing kept from earlier: the first preview in a fresh worker
    html = client.get("/auteur/testcursus/voorbeeld/extra-7/les-3").get_data(as_text=True)
    assert "Tekst 7.3" in html and 'href="/auteur/testcursus/voorbeeld/begin/een"' in html
    assert rendered == ["Tekst 7.3, [terug](../01-begin/01-een.md)."]
    assert ">Les 30.5</a>" in html  # the outline beside it still lists every step


def test_an_edited_file_is_shown_at_once(client, trainer, course, db):
    url = "/auteur/testcursus/voorbeeld/begin/twee"
    assert "Tekst van de les Les twee." in client.get(url).get_data(as_text=True)
    submit(client, "/auteur/testcursus/bestand/01-begin/02-twee.md", {"text": lesson_md("Les twee", "Nieuwe zin.")})
    html = client.get(url).get_data(as_text=True)
    assert "Nieuwe zin." in html and "Tekst van de les Les twee." not in html


def test_a_broken_line_in_the_previewed_lesson_is_named_with_file_and_line(client, trainer, course, db):
    text = lesson_md("Les twee", "Eerste regel.\n\nZie [weg](09-bestaat-niet.md).")
    submit(client, "/auteur/testcursus/bestand/01-begin/02-twee.md", {"text": text})
    html = client.get("/auteur/testcursus/voorbeeld/begin/twee").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" in html
    assert "01-begin/02-twee.md:7:" in html and "link naar een les die niet bestaat: 09-bestaat-niet.md" in html
    assert 'href="/auteur/testcursus/bestand/01-begin/02-twee.md#text" data-line="7"' in html
    # the other lessons still have their preview, naming the broken file
    other = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" not in other and "<code>01-begin/02-twee.md</code>" in other
    assert ">Les twee</a>" not in other  # left out of the outline, as publishing would have to


def test_a_broken_module_elsewhere_is_named_and_its_lessons_left_out(client, trainer, course, db):
    submit(client, "/auteur/testcursus/bestand/02-verder/module.md", {"text": "---\ntitle: [kapot\n---\n"})
    html = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" not in html and "<code>02-verder/module.md</code>" in html
    assert ">Les vier</a>" not in html and ">Les drie</a>" in html
    blocked = client.get("/auteur/testcursus/voorbeeld/verder/vier").get_data(as_text=True)
    assert "Nog geen voorbeeld mogelijk" in blocked and "02-verder/module.md:2:" in blocked


def test_before_anyone_opened_the_draft_the_preview_shows_the_newest_version_and_makes_no_draft(
        client, trainer, course, db):
    html = client.get("/auteur/testcursus/voorbeeld/begin/een").get_data(as_text=True)
    assert "Het concept is gelijk aan versie 1" in html and "<h1>Les een</h1>" in html
    assert db.session.scalar(select(func.count()).select_from(CourseDraft)) == 0


def test_a_changed_image_means_the_draft_is_no_longer_the_published_version(client, trainer, course, db):
    client.get("/auteur/testcursus")
    assert "Het concept is gelijk aan versie 1" in client.get("/auteur/testcursus/voorbeeld").get_data(as_text=True)
    from app.authoring.models import DraftAsset
    from tests.coursefiles import real_png

    draft = db.session.scalar(select(CourseDraft))
    draft.assets.append(DraftAsset(path="images/nieuw.png", content_type="image/png", data=real_png()))
    db.session.commit()
    html = client.get("/auteur/testcursus/voorbeeld").get_data(as_text=True)
    assert "Het concept is gelijk aan versie" not in html and "Versie 2" in html


def test_other_roles_get_no_preview(client, course, db, login_as):
    from app.auth.models import Role

    for role in (Role.MEMBER, Role.GRIFFIER):
        login_as(role)
        assert client.get("/auteur/testcursus/voorbeeld/begin/een").status_code in (403, 404)
