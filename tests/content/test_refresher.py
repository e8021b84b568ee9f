"""`flask courses validate` on a course's refresher: each mistake named with file and line."""
from __future__ import annotations

from pathlib import Path

from app.content import validate_tree
from tests.coursefiles import COURSE_MD, QUIZ_MD, lesson_md, write_course

MODULE = "---\ntitle: Opfriscursus\n---\n"
REFRESHER = {"03-opfrissen/module.md": MODULE, "03-opfrissen/01-toets.md": QUIZ_MD}


def problems(tmp_path: Path, keys: str, extra: dict | None = None) -> list[str]:
    # keys go between title (line 2) and summary, so the first of them is on line 3
    root = write_course(tmp_path / "courses", course_md=COURSE_MD.replace("summary:", keys + "summary:", 1),
                        extra=REFRESHER if extra is None else extra)
    _, found = validate_tree(root)
    return [str(p).replace(str(root) + "/", "") for p in found]


def test_a_good_refresher_has_no_problems(tmp_path):
    assert problems(tmp_path, "validity: 24\nrefresher: opfrissen\nrefresher_before_days: 60\n"
                              "refresher_after_days: 90\n") == []
    assert problems(tmp_path, "validity: raadsperiode\nrefresher: opfrissen\n") == []


def test_a_refresher_naming_a_missing_module(tmp_path):
    assert problems(tmp_path, "validity: 24\nrefresher: opfrisen\n") == [
        "testcursus/course.md:4: fout: 'refresher' noemt een module die niet bestaat: 'opfrisen'; "
        "kies uit: begin, verder, opfrissen"]


def test_a_refresher_needs_an_expiring_certificate(tmp_path):
    [found] = problems(tmp_path, "refresher: opfrissen\n")
    assert found.startswith("testcursus/course.md:3: fout: een opfriscursus vernieuwt een certificaat dat verloopt")


def test_a_refresher_without_a_knowledge_check_or_scenario(tmp_path):
    found = problems(tmp_path, "validity: 24\nrefresher: opfrissen\n",
                     {"03-opfrissen/module.md": MODULE, "03-opfrissen/01-lezen.md": lesson_md("Lezen")})
    assert "testcursus/03-opfrissen/module.md:1: fout: de opfriscursus 'opfrissen' heeft geen toets of scenario; " \
           "zet er minstens één in" in found
    assert any(line.startswith("testcursus/03-opfrissen/01-lezen.md:1: fout: een opfriscursus bevat alleen toetsen")
               for line in found)


def test_a_refresher_step_needs_a_pass_mark(tmp_path):
    found = problems(tmp_path, "validity: 24\nrefresher: opfrissen\n",
                     {"03-opfrissen/module.md": MODULE,
                      "03-opfrissen/01-toets.md": QUIZ_MD.replace("pass_mark: 50\n", "")})
    assert [line for line in found if "pass_mark" in line] == [
        "testcursus/03-opfrissen/01-toets.md:1: fout: een toets of scenario in de opfriscursus heeft een 'pass_mark' "
        "nodig: wie slaagt, krijgt een nieuw certificaat"]


def test_the_window_must_be_sane(tmp_path):
    found = problems(tmp_path, "validity: 2\nrefresher: opfrissen\nrefresher_before_days: 90\n"
                               "refresher_after_days: -1\n")
    assert "testcursus/course.md:6: fout: 'refresher_after_days' moet een aantal dagen zijn: een heel getal van 0 " \
           "tot en met 365" in found
    assert any(line.startswith("testcursus/course.md:5: fout: 'refresher_before_days' is 90 dagen") for line in found)


def test_window_keys_without_a_refresher(tmp_path):
    assert problems(tmp_path, "validity: 24\nrefresher_before_days: 30\n", {}) == [
        "testcursus/course.md:4: fout: 'refresher_before_days' werkt alleen samen met 'refresher': noem ook de "
        "module van de opfriscursus"]
