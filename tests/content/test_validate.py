"""Each check of `flask courses validate`, as a trainer would meet it."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.auth.models import Function
from app.content import validate_tree
from app.content.schema import AUDIENCES
from tests.coursefiles import lesson_md, write_course

REPO = Path(__file__).resolve().parents[2]


def problems_for(tmp_path: Path, **files: str | None) -> list[str]:
    extra = {name.replace("__", "/").replace("_md", ".md"): text for name, text in files.items()}
    root = write_course(tmp_path / "courses", extra=extra)
    _, problems = validate_tree(root)
    return [str(p).replace(str(root) + "/", "") for p in problems]


def test_valid_course_has_no_problems(tmp_path):
    assert problems_for(tmp_path) == []


def test_missing_required_key_names_file_and_line(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": "---\nminutes: 3\n---\nTekst\n"})
    assert found == ["testcursus/01-begin/02-twee.md:1: fout: verplichte sleutel 'title' ontbreekt in de front matter"]


def test_unknown_key_points_at_its_line(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": "---\ntitle: Twee\nminuten: 3\n---\nTekst\n"})
    assert len(found) == 1
    assert found[0].startswith("testcursus/01-begin/02-twee.md:3: fout: onbekende sleutel 'minuten'")


def test_broken_yaml_names_the_line(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": "---\ntitle: Twee\nminutes: [3\n---\nTekst\n"})
    assert len(found) == 1
    assert found[0].startswith("testcursus/01-begin/02-twee.md:")
    assert "ongeldige YAML" in found[0]
    line = int(found[0].split(":")[1])
    assert 3 <= line <= 4


def test_missing_front_matter(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": "Alleen tekst\n"})
    assert found == ["testcursus/01-begin/02-twee.md:1: fout: het bestand moet beginnen met front matter tussen twee regels '---'"]


def test_link_to_missing_lesson(tmp_path):
    body = "Intro.\n\nLees [dit](03-bestaat-niet.md) eerst."
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", body)})
    assert found == ["testcursus/01-begin/02-twee.md:7: fout: link naar een les die niet bestaat: 03-bestaat-niet.md"]


def test_image_without_alt_text(tmp_path):
    from tests.coursefiles import real_png

    (tmp_path / "courses/testcursus/images").mkdir(parents=True)
    (tmp_path / "courses/testcursus/images/foto.png").write_bytes(real_png())
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", "![](../images/foto.png)")})
    assert found == ["testcursus/01-begin/02-twee.md:5: fout: afbeelding zonder alt-tekst: beschrijf in de [ ] wat er te zien is"]


def test_external_image_is_refused(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", "![Een foto](https://example.org/a.png)")})
    assert len(found) == 1 and "andere websites" in found[0]


def test_duplicate_lesson_slugs(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__04-twee_md": lesson_md("Nog een twee")})
    assert found == ["testcursus/01-begin/04-twee.md:1: fout: dubbele slug 'twee': ook gebruikt door testcursus/01-begin/02-twee.md"]


def test_duplicate_module_slugs(tmp_path):
    found = problems_for(tmp_path, **{"03-begin__module_md": "---\ntitle: Weer begin\n---\n", "03-begin__01-x_md": lesson_md("X")})
    assert any("dubbele slug 'begin'" in line for line in found)


def test_javascript_link_is_an_error(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", "[klik](javascript:alert(1))")})
    assert len(found) == 1 and "niet 'javascript'" in found[0]


def test_list_right_after_paragraph_warns(tmp_path):
    body = "Let op deze punten:\n- een\n- twee"
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", body)})
    assert found == ["testcursus/01-begin/02-twee.md:6: waarschuwing: zet een lege regel vóór deze lijst; "
                     "zonder lege regel wordt de lijst gewone tekst"]


def test_two_space_nested_list_warns(tmp_path):
    body = "Punten:\n\n- een\n  - een a\n- twee\n    - twee a"
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", body)})
    assert found == ["testcursus/01-begin/02-twee.md:8: waarschuwing: spring een geneste lijst in met vier spaties; "
                     "met 2 spaties wordt het geen geneste lijst"]


def test_code_fences_are_not_checked(tmp_path):
    body = "Voorbeeld:\n\n```\nTekst\n- geen lijst\n[x](nergens.md)\n```"
    assert problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", body)}) == []


def test_level_one_heading_is_an_error(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", "# Kop\n\nTekst")})
    assert len(found) == 1 and found[0].startswith("testcursus/01-begin/02-twee.md:5: fout: een kop met één #")


def test_bad_minutes_and_audience(tmp_path):
    found = problems_for(tmp_path, **{
        "01-begin__02-twee_md": "---\ntitle: Twee\nminutes: lang\n---\nTekst\n",
        "course_md": "---\ntitle: T\nsummary: S\naudience: [raadslid, voorzitter]\n---\n",
    })
    assert "testcursus/01-begin/02-twee.md:3: fout: 'minutes' moet een heel getal van 1 tot en met 60 zijn" in found
    assert any(line.startswith("testcursus/course.md:4: fout: 'audience' onbekende doelgroep voorzitter") for line in found)


def test_module_without_lessons_and_missing_module_md(tmp_path):
    root = write_course(tmp_path / "courses")
    (root / "testcursus/03-leeg").mkdir()
    (root / "testcursus/03-leeg/module.md").write_text("---\ntitle: Leeg\n---\n")
    (root / "testcursus/04-zonder").mkdir()
    (root / "testcursus/04-zonder/01-les.md").write_text(lesson_md("Les"))
    _, problems = validate_tree(root)
    messages = {str(p).replace(str(root) + "/", "") for p in problems}
    assert "testcursus/03-leeg/module.md:1: fout: de module heeft geen lessen" in messages
    assert "testcursus/04-zonder/module.md:1: fout: module.md ontbreekt in deze modulemap" in messages


def test_audiences_match_the_user_functions():
    assert set(AUDIENCES) == {f.value for f in Function} | {"griffier"}


def test_bundled_courses_are_clean_without_warnings():
    _, problems = validate_tree(REPO / "courses")
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("broken", [False, True])
def test_cli_prints_path_line_and_exit_code(app, tmp_path, broken):
    extra = {"01-begin/02-twee.md": "---\ntitle: Twee\nkleur: rood\n---\n"} if broken else {}
    root = write_course(tmp_path / "courses", extra=extra)
    result = app.test_cli_runner().invoke(args=["courses", "validate", str(root)])
    if broken:
        assert result.exit_code == 1
        assert f"{root}/testcursus/01-begin/02-twee.md:3: fout: onbekende sleutel 'kleur'" in result.output
    else:
        assert result.exit_code == 0
        assert "0 fout(en)" in result.output


def test_cli_strict_turns_warnings_into_failure(app, tmp_path):
    root = write_course(tmp_path / "courses", extra={"01-begin/02-twee.md": lesson_md("Twee", "Tekst:\n- a")})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "validate", str(root)]).exit_code == 0
    assert runner.invoke(args=["courses", "validate", "--strict", str(root)]).exit_code == 1
