"""Scenario graph checks and scoring: pure functions, so the editor can reuse them."""
from __future__ import annotations

import pytest

from app.content.activities.scenario import best_score, parse_scenario, score
from tests.coursefiles import SCENARIO_MD


def parse(text: str, **meta_overrides):
    import yaml

    head, body = text.split("\n---\n", 1)
    meta = yaml.safe_load(head.removeprefix("---\n"))
    meta.update(meta_overrides)
    return parse_scenario(meta, body, 1)


def messages(text: str, **meta) -> list[str]:
    return [message for _line, message in parse(text, **meta)[1]]


BASE = SCENARIO_MD.format(scoring="ending", pass_mark=6)


def test_the_example_is_valid():
    assert messages(BASE) == []


def test_choice_to_a_missing_situation():
    found = messages(BASE.replace("-> escalatie\n    Zo wordt", "-> nergens\n    Zo wordt"))
    assert "deze keuze leidt naar 'nergens', maar die situatie of dat einde bestaat niet" in found


def test_situation_no_path_reaches():
    text = BASE + "\n## situatie wees: Niemand komt hier\nTekst.\n\n* A -> goed\n    a\n* B -> slecht\n    b\n"
    assert "geen enkele route komt bij 'wees'" in messages(text)


def test_situation_without_a_way_to_an_ending():
    text = BASE.replace("* Je blijft zitten en zwijgt. -> slecht", "* Je blijft zitten en zwijgt. -> kringetje")
    text += "\n## situatie kringetje: Rondjes\nTekst.\n\n* A -> kringetje\n    a\n* B -> kringetje\n    b\n"
    assert "vanuit 'kringetje' is geen einde te bereiken" in messages(text)


def test_fewer_than_two_choices():
    text = BASE.replace("* Je zegt niets, gaat naar huis en laat het daarbij. -> slecht\n    Zo blijf je er alleen mee.\n", "")
    assert "situatie 'schorsen' heeft minstens twee keuzes nodig" in messages(text)


def test_choice_without_feedback():
    text = BASE.replace("    Zo wordt het persoonlijk.\n", "")
    assert "deze keuze heeft geen feedback; schrijf die eronder, vier spaties ingesprongen" in messages(text)


def test_pass_mark_no_path_can_reach():
    found = messages(BASE, pass_mark=11)
    assert "de cesuur (pass_mark 11) is met geen enkele route te halen; de hoogste score is 10" in found


def test_pass_mark_in_sum_mode_counts_each_choice_once():
    spec, issues = parse(BASE, scoring="sum", pass_mark=5)
    assert issues == [] and best_score(spec) == 5  # 3 + 2; looping in 'escalatie' farms no points
    assert any("de hoogste score is 5" in m for m in messages(BASE, scoring="sum", pass_mark=6))


def test_duplicate_ids():
    text = BASE + "\n## einde goed: Nog een keer\nScore: 1\nTekst.\n"
    assert "dubbel id 'goed'" in messages(text)


@pytest.mark.parametrize("advised,expected", [
    (["tribune", "goed"], "geen keuze leidt van 'tribune' naar 'goed'"),
    (["schorsen", "goed"], "moet beginnen bij de start 'tribune'"),
    (["tribune", "schorsen"], "moet eindigen bij een einde"),
])
def test_advised_path_that_is_not_a_path(advised, expected):
    assert any(expected in m for m in messages(BASE, advised=advised))


def test_advised_route_must_pass():
    found = messages(BASE, advised=["tribune", "escalatie", "slecht"])
    assert "wie de geadviseerde route (advised) volgt, slaagt niet: 2 punten, cesuur 6" in found


def test_line_numbers_point_at_the_choice():
    text = BASE.replace("    Zo wordt het persoonlijk.\n", "")
    spec, issues = parse(text)
    [(line, _message)] = issues
    body = text.split("\n---\n", 1)[1]
    assert body.splitlines()[line - 1].startswith("* Je roept iets terug.")


def test_ending_mode_scores_the_ending_reached():
    spec, _ = parse(BASE)
    assert score(spec, ["tribune-1", "schorsen-2"], "goed") == 10
    assert score(spec, ["tribune-2", "escalatie-3"], "slecht") == 2


def test_sum_mode_adds_the_points_of_the_choices_once():
    spec, _ = parse(BASE, scoring="sum")
    assert score(spec, ["tribune-1", "schorsen-2"], "goed") == 5
    assert score(spec, ["tribune-2", "escalatie-2", "escalatie-2", "escalatie-1", "schorsen-2"], "goed") == 3
