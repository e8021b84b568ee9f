"""Knowledge-check format and grading, and how the validator reports activity problems."""
from __future__ import annotations

import yaml

from app.content import validate_tree
from app.content.activities.quiz import is_correct, option_order, parse_quiz, score_percent
from tests.coursefiles import QUIZ_MD, activity_course


def parse(text: str):
    head, body = text.split("\n---\n", 1)
    return parse_quiz(yaml.safe_load(head.removeprefix("---\n")), body, 1)


def messages(text: str) -> list[str]:
    return [m for _line, m in parse(text)[1]]


def test_the_example_parses_into_questions_with_feedback():
    spec, issues = parse(QUIZ_MD)
    assert issues == []
    assert [q.id for q in spec.questions] == ["grens", "melden", "online"]
    grens, melden, _ = spec.questions
    assert not grens.multiple and grens.correct_ids() == {"b"}
    assert grens.options[1].feedback == "Juist: dit raakt je privéleven en wil je bang maken."
    assert grens.hint == "Denk aan je privéleven." and grens.explanation.startswith("Kritiek gaat over de inhoud.")
    assert melden.multiple and melden.correct_ids() == {"a", "b"}
    assert (spec.pass_mark, spec.max_attempts, spec.counts, spec.shuffle) == (50, 2, "best", True)


def test_option_without_feedback():
    assert "dit antwoord heeft geen feedback; schrijf die eronder, vier spaties ingesprongen" in messages(
        QUIZ_MD.replace("    Dat is kritiek op je werk, geen intimidatie.\n", ""))


def test_single_choice_needs_exactly_one_correct_answer():
    text = QUIZ_MD.replace("( ) Een kritische e-mail", "(x) Een kritische e-mail")
    assert "een vraag met ( ) heeft precies één goed antwoord (x) nodig" in messages(text)


def test_mixed_boxes_and_too_few_options():
    mixed = QUIZ_MD.replace("[ ] Niemand", "( ) Niemand")
    assert "gebruik in één vraag óf ( ) voor één antwoord, óf [ ] voor meer antwoorden" in messages(mixed)
    single = QUIZ_MD.replace("( ) Een kritische e-mail over je stemgedrag.\n    Dat is kritiek op je werk, geen intimidatie.\n", "")
    assert "een vraag heeft minstens twee antwoorden nodig" in messages(single)


def test_duplicate_question_ids():
    assert "dubbel id 'grens'" in messages(QUIZ_MD.replace("## vraag online:", "## vraag grens:"))


def test_multiple_choice_is_all_or_nothing():
    spec, _ = parse(QUIZ_MD)
    melden = spec.questions[1]
    assert is_correct(melden, {"a", "b"})
    assert not is_correct(melden, {"a"}) and not is_correct(melden, {"a", "b", "c"})
    assert score_percent(spec.questions, {"grens": {"b"}, "melden": {"a"}, "online": {"b"}}) == 67


def test_shuffle_is_stable_per_attempt_and_differs_between_attempts():
    spec, _ = parse(QUIZ_MD)
    online = spec.questions[2]
    first = [o.id for o in option_order(online, "seed-1", True)]
    assert first == [o.id for o in option_order(online, "seed-1", True)]
    orders = {tuple(o.id for o in option_order(online, f"seed-{n}", True)) for n in range(30)}
    assert len(orders) > 1
    assert [o.id for o in option_order(online, "seed-1", False)] == ["a", "b", "c"]


def test_validator_reports_activity_problems_as_path_and_line(tmp_path):
    root = activity_course(tmp_path / "courses")
    broken = (root / "testcursus/02-verder/04-tribune.md").read_text().replace("-> escalatie\n    Zo wordt", "-> nergens\n    Zo wordt")
    (root / "testcursus/02-verder/04-tribune.md").write_text(broken)
    _, problems = validate_tree(root)
    first, second = problems  # the dangling choice, and so 'escalatie' became unreachable
    assert first.path.endswith("testcursus/02-verder/04-tribune.md")
    assert broken.splitlines()[first.line - 1].startswith("* Je roept iets terug.")
    assert "nergens" in first.message
    assert broken.splitlines()[second.line - 1].startswith("## situatie escalatie")


def test_front_matter_of_activities_is_checked(tmp_path):
    root = activity_course(tmp_path / "courses")
    path = root / "testcursus/02-verder/03-toets.md"
    path.write_text(path.read_text().replace("pass_mark: 50", "pass_mark: 150").replace("counts: best", "counts: gemiddeld"))
    _, problems = validate_tree(root)
    text = [str(p) for p in problems]
    assert any(":4: fout: 'pass_mark' moet een percentage zijn" in t for t in text)
    assert any(":6: fout: 'counts' moet een van deze zijn: best, last" in t for t in text)
