"""Local-information slots in course files: what the validator says and what import stores."""
from __future__ import annotations

from app.content.render import render_markdown
from app.content.slots import fill, render_with_slots, slot_names_in
from tests.content.test_validate import problems_for
from tests.coursefiles import SCENARIO_MD, lesson_md

SLOT = "Voor.\n\n::: lokaal vertrouwenspersoon\nVraag je **griffie** wie het is.\n:::\n\nNa."


def test_a_valid_slot_passes_the_validator(tmp_path):
    assert problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", SLOT)}) == []


def test_unknown_slot_name_is_reported_as_path_and_line(tmp_path):
    body = "Voor.\n\n::: lokaal burgemeester\nVraag het.\n:::\n"
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", body)})
    assert len(found) == 1
    # front matter is four lines, so the body's third line is line 7 of the file
    assert found[0].startswith("testcursus/01-begin/02-twee.md:7: fout: onbekende lokale informatie 'burgemeester'")
    assert "vertrouwenspersoon, veiligheid, griffie, protocol, gedragscode, lokaal" in found[0]


def test_a_slot_without_fallback_text_is_an_error(tmp_path):
    found = problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", "::: lokaal griffie\n\n:::\n")})
    assert len(found) == 1
    assert found[0].startswith("testcursus/01-begin/02-twee.md:5: fout: schrijf tussen '::: lokaal griffie' en ':::'")


def test_an_unclosed_slot_and_a_stray_fence_are_errors(tmp_path):
    found = problems_for(tmp_path, **{
        "01-begin__02-twee_md": lesson_md("Twee", "::: lokaal griffie\nVraag het.\n"),
        "01-begin__03-drie_md": lesson_md("Drie", "Tekst.\n\n::: lokal griffie\n"),
    })
    assert any(p.startswith("testcursus/01-begin/02-twee.md:5: fout: dit blok lokale informatie wordt niet afgesloten")
               for p in found)
    assert any(p.startswith("testcursus/01-begin/03-drie.md:7: fout: een blok lokale informatie begint met") for p in found)


def test_help_item_slot_name_is_checked(tmp_path):
    scenario = SCENARIO_MD.format(scoring="ending", pass_mark=6).replace(
        "  - title: De griffie\n", "  - title: De griffie\n    slot: griffie-contact\n")
    found = problems_for(tmp_path, **{"02-verder__03-tribune_md": scenario})
    assert len(found) == 1
    assert "onbekende lokale informatie 'griffie-contact' bij 'slot'" in found[0]
    assert found[0].startswith("testcursus/02-verder/03-tribune.md:7: fout:")


def test_fallback_is_rendered_once_and_wrapped_in_a_marker():
    html = render_with_slots(SLOT, render_markdown)
    assert slot_names_in(html) == ["vertrouwenspersoon"]
    assert ('<div class="lokaal" data-slot="vertrouwenspersoon"><!--lokaal:vertrouwenspersoon-->'
            "<p>Vraag je <strong>griffie</strong> wie het is.</p><!--/lokaal--></div>") in html
    assert html.index("<p>Voor.</p>") < html.index("data-slot") < html.index("<p>Na.</p>")


def test_fill_uses_the_organisations_html_or_the_fallback():
    html = render_with_slots(SLOT, render_markdown)
    mine = fill(html, {"vertrouwenspersoon": "<p>Mevrouw A. de Vries</p>"})
    assert "Mevrouw A. de Vries" in mine and "griffie</strong>" not in mine
    empty = fill(html, {"vertrouwenspersoon": ""})
    assert "Vraag je <strong>griffie</strong> wie het is." in empty


def test_a_marker_cannot_be_forged_from_markdown():
    forged = 'Hoi <!--lokaal:griffie-->x<!--/lokaal--> en <div class="lokaal" data-slot="griffie">y</div>'
    html = render_with_slots(forged, render_markdown)
    assert slot_names_in(html) == []
    assert "<!--" not in html


def test_slot_text_inside_a_code_block_is_left_alone(tmp_path):
    body = "```\n::: lokaal onzin\n```\n"
    assert problems_for(tmp_path, **{"01-begin__02-twee_md": lesson_md("Twee", body)}) == []


def test_the_full_example_in_the_trainers_guide_is_valid(tmp_path):
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "courses" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"`courses/voorbeeldcursus/01-kennismaken/03-melden.md`:\n\n```markdown\n(.*?)```", guide, re.DOTALL)
    assert example, "the guide lost its full example of local information"
    assert problems_for(tmp_path, **{"01-begin__02-twee_md": example.group(1)}) == []
