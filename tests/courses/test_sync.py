"""`flask courses sync`: one transaction, idempotent, and every version kept."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.courses.models import Course, CourseVersion, Lesson
from app.courses.services import ContentInvalid, sync_courses
from tests.coursefiles import lesson_md, real_png, write_course


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sync_imports_modules_and_lessons_in_order(db, course_dir):
    report = sync_courses(course_dir)
    db.session.commit()
    version = report.created[0]
    assert (version.course.slug, version.number, version.title) == ("testcursus", 1, "Testcursus")
    assert [m.slug for m in version.modules] == ["begin", "verder"]
    assert [lesson.slug for lesson in version.lessons] == ["een", "twee", "drie", "vier", "vijf"]
    first = version.lessons[0]
    assert 'href="/leren/testcursus/begin/twee"' in first.html  # lesson links point at lesson pages
    assert "<table>" in first.html
    assert 'href="/leren/testcursus/begin/een"' in version.lessons[3].html


def test_second_sync_changes_nothing(db, course_dir):
    sync_courses(course_dir)
    db.session.commit()
    report = sync_courses(course_dir)
    db.session.commit()
    assert report.created == [] and report.unchanged == ["testcursus"]
    assert count(db, CourseVersion) == 1 and count(db, Lesson) == 5


def test_changed_course_becomes_a_new_version_and_keeps_the_old(db, course_dir):
    sync_courses(course_dir)
    db.session.commit()
    write_course(course_dir, extra={"02-verder/03-zes.md": lesson_md("Les zes")})
    report = sync_courses(course_dir)
    db.session.commit()
    assert [v.number for v in report.created] == [2]
    versions = db.session.scalars(select(CourseVersion).order_by(CourseVersion.number)).all()
    assert [len(v.lessons) for v in versions] == [5, 6]


def test_broken_course_changes_nothing(db, tmp_path):
    root = write_course(tmp_path / "courses")
    write_course(root, slug="tweede", extra={"01-begin/02-twee.md": "---\ntitle: [kapot\n---\n"})
    try:
        sync_courses(root)
    except ContentInvalid as exc:
        assert [p.path.endswith("tweede/01-begin/02-twee.md") for p in exc.problems] == [True]
    else:
        raise AssertionError("a broken course must be refused")
    db.session.rollback()
    assert count(db, Course) == 0  # the valid course next to it was not imported either


def test_cli_sync_reports_and_exit_codes(app, db, tmp_path):
    root = write_course(tmp_path / "courses")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["courses", "sync", str(root)])
    assert first.exit_code == 0 and "testcursus: versie 1 geïmporteerd (5 lessen)." in first.output
    again = runner.invoke(args=["courses", "sync", str(root)])
    assert "testcursus: ongewijzigd." in again.output
    write_course(root, extra={"01-begin/02-twee.md": "geen front matter\n"})
    broken = runner.invoke(args=["courses", "sync", str(root)])
    assert broken.exit_code == 1
    assert "02-twee.md:1: fout:" in broken.output and "Niets geïmporteerd" in broken.output


def test_images_are_stored_with_the_version_and_served(client, db, login_as, tmp_path):
    png = real_png()
    root = write_course(tmp_path / "courses", extra={"01-begin/02-twee.md": lesson_md("Twee", "![Een kaart](../images/kaart.png)")})
    (root / "testcursus/images").mkdir()
    (root / "testcursus/images/kaart.png").write_bytes(png)
    version = sync_courses(root).created[0]
    db.session.commit()
    assert f'src="/leren/media/{version.id}/images/kaart.png"' in version.lessons[1].html
    login_as("member")
    response = client.get(f"/leren/media/{version.id}/images/kaart.png")
    assert response.status_code == 200 and response.data == png and response.mimetype == "image/png"
    assert client.get(f"/leren/media/{version.id}/images/anders.png").status_code == 404


@pytest.mark.parametrize("content", [b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
                                     b"\x89PNG\r\n\x1a\n" + b"\0" * 16, b"GIF89a not a png"])
def test_an_image_must_be_what_its_name_says(db, tmp_path, content):
    root = write_course(tmp_path / "courses", extra={"01-begin/02-twee.md": lesson_md("Twee", "![Een kaart](../images/kaart.png)")})
    (root / "testcursus/images").mkdir()
    (root / "testcursus/images/kaart.png").write_bytes(content)
    with pytest.raises(ContentInvalid) as refused:
        sync_courses(root)
    assert [str(p) for p in refused.value.problems] == [
        f"{root}/testcursus/images/kaart.png:1: fout: dit bestand is geen echte PNG-afbeelding (de inhoud past niet bij de naam)"]
