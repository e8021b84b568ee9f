"""The didactic checks, each with a failing and a passing example, as pure functions."""
from __future__ import annotations

from app.content.activities.fairness import check_quiz, check_scenario
from app.content.activities.quiz import parse_quiz
from app.content.activities.scenario import parse_scenario


def quiz(body: str, **meta):
    spec, issues = parse_quiz({"pass_mark": 60, **meta}, body, 10)
    assert not issues, issues
    return spec


def scenario(body: str, **meta):
    spec, issues = parse_scenario({"scoring": "sum", **meta}, body, 10)
    assert not issues, issues
    return spec


def q(qid: str, options: list[tuple[str, bool]], multiple: bool = False) -> str:
    box = ("[x]", "[ ]") if multiple else ("(x)", "( )")
    lines = "".join(f"{box[0] if good else box[1]} {text}\n    Waarom.\n" for text, good in options)
    return f"## vraag {qid}: Vraag {qid}\n\n{lines}\n"


def errors(findings):
    return [message for _line, message, severity in findings if severity == "error"]


def warnings(findings):
    return [message for _line, message, severity in findings if severity == "warning"]


# right answer always in the middle, of middle length: no blind strategy passes
FAIR = "".join(q(f"v{n}", [("Kort fout", False), ("Middel goed", True), ("Lang en ook fout", False)]) for n in range(3))


def test_a_fair_quiz_has_no_findings():
    assert check_quiz(quiz(FAIR), 10) == []


def test_always_first_passes_is_an_error_at_the_pass_mark_line():
    unfair = "".join(q(f"v{n}", [("Middel goed", True), ("Kort fout", False), ("Lang en ook fout", False)])
                     for n in range(3))
    findings = check_quiz(quiz(unfair), 10, pass_mark_line=4)
    assert [line for line, _m, severity in findings if severity == "error"] == [4]
    assert "steeds het eerste" in errors(findings)[0] and "100%" in errors(findings)[0]


def test_always_last_passes_is_an_error():
    unfair = "".join(q(f"v{n}", [("Kort fout", False), ("Lang en ook fout", False), ("Middel goed", True)])
                     for n in range(3))
    assert any("steeds het laatste" in m for m in errors(check_quiz(quiz(unfair), 10)))


def test_always_longest_passes_is_an_error_and_a_warning():
    unfair = "".join(q(f"v{n}", [("Kort fout", False), ("Het lange goede antwoord", True), ("Middel fout", False)])
                     for n in range(3))
    findings = check_quiz(quiz(unfair), 10)
    assert any("steeds het langste" in m for m in errors(findings))
    assert any("het goede antwoord het langste" in m for m in warnings(findings))


def test_always_shortest_passes_is_an_error():
    unfair = "".join(q(f"v{n}", [("Middel fout", False), ("Goed", True), ("Lang en ook fout", False)])
                     for n in range(3))
    assert any("steeds het kortste" in m for m in errors(check_quiz(quiz(unfair), 10)))


def test_pinned_option_counts_in_its_file_place():
    pinned = "".join(q(f"v{n}", [("Kort fout", False), ("Middel goed", True), ("Lang en ook fout", False),
                                 ("Ik weet het niet {vast}", False)]) for n in range(3))
    spec = quiz(pinned)
    assert spec.questions[0].options[-1].pinned and spec.questions[0].options[-1].text == "Ik weet het niet"
    assert errors(check_quiz(spec, 10)) == []


def test_with_a_draw_the_best_draw_for_the_strategy_counts():
    # one of three questions has the right answer first: drawing just that one gives "first" 100%
    body = q("v0", [("Middel goed", True), ("Kort fout", False), ("Lang en ook fout", False)]) + FAIR.replace(
        "## vraag v0:", "## vraag w0:")
    assert errors(check_quiz(quiz(body), 10)) == []  # all four asked: 25%
    assert any("steeds het eerste" in m for m in errors(check_quiz(quiz(body, draw=1), 10)))


def test_a_multiple_answer_question_is_not_passed_by_ticking_one_option():
    body = "".join(q(f"m{n}", [("Goed een", True), ("Goed twee", True), ("Fout", False)], multiple=True)
                   for n in range(3))
    assert errors(check_quiz(quiz(body), 10)) == []
    one_right = "".join(q(f"m{n}", [("Goed een", True), ("Fout", False), ("Ook fout!", False)], multiple=True)
                        for n in range(3))
    assert any("steeds het eerste" in m for m in errors(check_quiz(quiz(one_right), 10)))


def test_no_pass_mark_no_strategy_error():
    unfair = "".join(q(f"v{n}", [("Middel goed", True), ("Kort fout", False)]) for n in range(3))
    assert errors(check_quiz(quiz(unfair, pass_mark=None), 10)) == []


SITUATIONS = """## situatie s1: Begin
Tekst.

* Eerste keuze hier -> s2 +2
    a
* De tweede keuze hier -> s2 +1
    b
* Derde -> s2
    c

## situatie s2: Verder
Tekst.

* Eerste keuze daar -> eind +2
    a
* De tweede keuze daar -> eind +1
    b
* Derde -> eind
    c

## einde eind: Klaar
Klaar.
"""


def test_a_scenario_that_always_first_passes_is_an_error():
    findings = check_scenario(scenario(SITUATIONS, pass_mark=4), 10)
    assert any("steeds de eerste keuze" in m and "4 punten" in m for m in errors(findings))


def test_a_scenario_where_only_reading_passes_has_no_error():
    fair = (SITUATIONS.replace("Eerste keuze hier -> s2 +2", "Eerste keuze hier -> s2 +1")
            .replace("De tweede keuze hier -> s2 +1", "De tweede keuze hier -> s2 +2"))
    # first: 1+2=3, last: 0, longest (de tweede): 2+1=3, shortest (derde): 0; reading gets 4
    assert errors(check_scenario(scenario(fair, pass_mark=4), 10)) == []


def test_a_strategy_that_loops_never_ends_and_so_fails():
    looping = SITUATIONS.replace("* Eerste keuze daar -> eind +2", "* Eerste keuze daar -> s1 +2")
    looping = looping.replace("* Eerste keuze hier -> s2 +2", "* Eerste keuze hier -> s2 +5")
    spec = scenario(looping, pass_mark=4)
    assert not any("steeds de eerste keuze" in m for m in errors(check_scenario(spec, 10)))


def test_in_ending_mode_the_endings_score_counts():
    body = SITUATIONS.replace("-> eind +2", "-> goed").replace("-> eind +1", "-> eind").replace("-> eind\n", "-> eind\n")
    body += "\n## einde goed: Goed\nScore: 10\nGoed.\n"
    body = body.replace("## einde eind: Klaar\nKlaar.", "## einde eind: Klaar\nScore: 1\nKlaar.")
    spec = scenario(body, scoring="ending", pass_mark=8)
    assert any("steeds de eerste keuze" in m and "10 punten" in m for m in errors(check_scenario(spec, 10)))


def test_one_scoring_choice_in_a_situation_is_a_warning_two_or_none_are_fine():
    one = SITUATIONS.replace("De tweede keuze hier -> s2 +1", "De tweede keuze hier -> s2")
    findings = check_scenario(scenario(one), 10)
    assert [line for line, _m, severity in findings if severity == "warning"] == [10]  # the heading of s1
    assert "'s1'" in warnings(findings)[0]
    assert warnings(check_scenario(scenario(SITUATIONS), 10)) == []
    none = SITUATIONS.replace(" +2", "").replace(" +1", "")
    assert warnings(check_scenario(scenario(none), 10)) == []


UNFAIR_QUIZ = ("---\ntype: quiz\ntitle: Te raden\npass_mark: 60\n---\n"
               + "".join(q(f"v{n}", [("Middel goed", True), ("Kort fout", False), ("Lang en ook fout", False)])
                         for n in range(3)))


def test_cli_reports_a_blind_pass_as_path_line(app, tmp_path):
    from tests.coursefiles import write_course

    root = write_course(tmp_path / "courses", extra={"02-verder/03-toets.md": UNFAIR_QUIZ})
    result = app.test_cli_runner().invoke(args=["courses", "validate", str(root)])
    assert result.exit_code == 1
    assert f"{root}/testcursus/02-verder/03-toets.md:4: fout: wie zonder te lezen steeds het eerste antwoord kiest" in result.output


def test_the_editor_reports_a_blind_pass_with_its_line(client, login_as, course):
    from app.auth.models import Role
    from tests.conftest import csrf_from

    login_as(Role.TRAINER)
    page = client.get("/auteur/testcursus/bestand/01-begin/02-twee.md").get_data(as_text=True)
    response = client.post("/auteur/testcursus/controleren", data={
        "path": "01-begin/02-twee.md", "text": UNFAIR_QUIZ, "csrf_token": csrf_from(page)})
    problems = response.get_json()["problems"]
    assert any(p["line"] == 4 and p["severity"] == "error" and "steeds het eerste antwoord" in p["message"] for p in problems)


def test_draw_settings_that_cannot_work_are_errors():
    body = FAIR.replace("## vraag v0: Vraag v0\n", "## vraag v0: Vraag v0\nOnderwerp: alfa\n")
    messages = lambda meta: [m for _line, m in parse_quiz({"pass_mark": 60, **meta}, body, 10)[1]]  # noqa: E731
    assert any("maar 3 vragen" in m for m in messages({"draw": 4}))
    assert any("alleen samen met draw" in m for m in messages({"draw_per_topic": True}))
    assert any("'Onderwerp: <naam>'" in m for m in messages({"draw": 2, "draw_per_topic": True}))
    topical = FAIR.replace("## vraag v0: Vraag v0\n", "## vraag v0: Vraag v0\nOnderwerp: alfa\n").replace(
        "## vraag v1: Vraag v1\n", "## vraag v1: Vraag v1\nOnderwerp: beta\n").replace(
        "## vraag v2: Vraag v2\n", "## vraag v2: Vraag v2\nOnderwerp: gamma\n")
    spec, issues = parse_quiz({"draw": 2, "draw_per_topic": True}, topical, 10)
    assert any("minstens 3" in m for _line, m in issues)
    spec, issues = parse_quiz({"draw": 3, "draw_per_topic": True}, topical, 10)
    assert issues == [] and [q.topic for q in spec.questions] == ["alfa", "beta", "gamma"]
    assert messages({"draw": 2}) == []
