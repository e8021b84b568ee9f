"""Fair assessments while playing: stable shuffles per attempt, pinned options, question pools,
feedback at the end, and what a member sees after the last failed attempt."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.content.activities import quiz as quiz_rules
from app.content.activities import scenario as scenario_rules
from app.courses.services import sync_courses
from app.extensions import db
from app.quizzes import services
from app.quizzes.models import Attempt
from tests.conftest import csrf_from
from tests.coursefiles import SCENARIO_MD, write_course
from tests.quizzes.conftest import SCENARIO, Player

POOL = "/leren/testcursus/verder/pool"


def _question(qid: str, topic: str) -> str:
    # first option wrong and shortest, the right one in the middle, a long wrong one, "Ik weet het niet" pinned last
    return (f"## vraag {qid}: Vraag {qid}?\nOnderwerp: {topic}\n\n"
            f"( ) Kort fout {qid}\n    Feedback kort {qid}.\n"
            f"(x) Het goede antwoord {qid}\n    Feedback goed {qid}.\n"
            f"( ) Een veel langer maar fout antwoord {qid}\n    Feedback lang {qid}.\n"
            f"( ) Ik weet het niet {{vast}}\n    Feedback weet niet {qid}.\n\n")


POOL_MD = ("---\ntype: quiz\ntitle: Pooltoets\npass_mark: 100\nmax_attempts: 2\ndraw: 2\ndraw_per_topic: true\n"
           "feedback: end\n---\nVier vragen, twee per poging.\n\n"
           + "".join(_question(q, t) for q, t in [("p1", "alfa"), ("p2", "alfa"), ("p3", "beta"), ("p4", "beta")]))


@pytest.fixture
def pool(db, tmp_path):
    root = write_course(tmp_path / "courses", extra={
        "02-verder/03-pool.md": POOL_MD,
        "02-verder/04-tribune.md": SCENARIO_MD.format(scoring="ending", pass_mark=6),
    })
    version = sync_courses(root).created[0]
    db.session.commit()
    return version


@pytest.fixture
def seeds(monkeypatch):
    """Fix the seeds of the next attempts, so the test knows which order and draw they get."""
    queue: list[str] = []
    monkeypatch.setattr(services, "new_seed", lambda: queue.pop(0))
    return queue


def option_values(html: str) -> list[str]:
    return re.findall(r'name="(?:antwoord|keuze)" value="([^"]+)"', html)


def question_id(html: str) -> str:
    return re.search(r"<legend class=\"choices__legend\">Vraag (p\d)\?</legend>", html).group(1)


def test_the_order_is_stable_within_an_attempt_and_pinned_stays_last(client, login_as, pool, seeds):
    login_as(Role.MEMBER)
    seeds += ["zaad-een"]
    player = Player(client, POOL)
    player.start()
    first = player.page()
    assert option_values(player.page()) == option_values(first)  # reload
    assert option_values(client.get(player.url).get_data(as_text=True)) == option_values(first)  # a second tab
    assert option_values(first)[-1] == "d"  # "Ik weet het niet" {vast}: always last
    assert "Ik weet het niet" in first and "{vast}" not in first
    question = next(q for q in services.spec_of(db.session.get(Attempt, player.attempt_id).lesson).questions
                    if q.id == question_id(first))
    assert option_values(first) == [o.id for o in quiz_rules.option_order(question, "zaad-een", True)]


def test_option_order_differs_between_seeds_but_pinned_never_moves():
    spec, _ = quiz_rules.parse_quiz({"draw": None}, POOL_MD.split("---\n", 2)[2], 1)
    orders = {tuple(o.id for o in quiz_rules.option_order(spec.questions[0], f"s{n}", True)) for n in range(30)}
    assert len(orders) > 1 and all(order[-1] == "d" for order in orders)
    assert [o.id for o in quiz_rules.option_order(spec.questions[0], "s1", False)] == ["a", "b", "c", "d"]


def test_scenario_choices_are_shuffled_stably_and_old_attempts_keep_file_order(client, login_as, pool, seeds):
    login_as(Role.MEMBER)
    spec = None
    for seed in ("a", "b", "c", "d", "e", "f"):  # find a seed that moves the advised first choice
        spec = spec or scenario_rules.parse_scenario({}, SCENARIO_MD.format(scoring="ending", pass_mark=6)
                                                     .split("---\n", 2)[2], 1)[0]
        if scenario_rules.new_layout(spec, seed)["choices"]["tribune"][0] != "tribune-1":
            break
    seeds += [seed]
    player = Player(client, SCENARIO)
    player.start()
    shown = option_values(player.page())
    assert shown == ["tribune-2", "tribune-1"] and option_values(player.page()) == shown  # reload: the same
    attempt = db.session.get(Attempt, player.attempt_id)
    attempt.layout = None  # an attempt begun before layouts existed
    db.session.commit()
    assert option_values(player.page()) == ["tribune-1", "tribune-2"]  # keeps the file order


def test_a_pool_draws_one_per_topic_stably_and_a_retry_draws_again(client, login_as, pool, seeds):
    login_as(Role.MEMBER)
    spec = services.spec_of(next(lesson for lesson in pool.lessons if lesson.slug == "pool"))
    draws = {seed: [q.id for q in quiz_rules.draw_questions(spec, seed)] for seed in map(str, range(40))}
    first_seed = "0"
    other_seed = next(seed for seed, drawn in draws.items() if drawn != draws[first_seed])
    assert all({"alfa", "beta"} == {spec.question(q).topic for q in drawn} for drawn in draws.values())
    seeds += [first_seed, other_seed]
    player = Player(client, POOL)
    player.start()
    asked = []
    for step in range(2):
        html = player.page()
        assert f"Vraag {step + 1} van 2" in html
        asked.append(question_id(html))
        assert question_id(player.page()) == asked[-1]  # stable on reload
        assert player.answer(step, "b").status_code == 302
    assert asked == draws[first_seed]
    result = player.page(player.url + "/resultaat")
    assert "Je resultaat: 100% goed" in result  # two drawn questions, both right: the other two do not count
    player.start()
    assert question_id(player.page()) == draws[other_seed][0]


def test_with_feedback_at_the_end_nothing_is_revealed_before_the_attempt_ends(client, login_as, pool, seeds):
    login_as(Role.MEMBER)
    seeds += ["0"]
    player = Player(client, POOL)
    player.start()
    html = player.page()
    assert "Feedback" not in html and "Goed antwoord" not in html and "Volgende" in html
    response = player.answer(0, "a")
    assert "stap" not in response.headers["Location"]  # straight on to the next question
    back = player.page(player.url + "?stap=0")  # Back to the answered question: still no verdict
    assert "Feedback" not in back and "Niet goed" not in back and "Vraag 2 van 2" in back
    player.answer(1, "b")
    result = player.page(player.url + "/resultaat")
    assert "Feedback kort" in result and "Feedback goed" in result and "Goed antwoord:" in result


def test_after_the_last_failed_attempt_the_member_sees_what_to_review_and_whom_to_ask(client, login_as, pool, seeds):
    member = login_as(Role.MEMBER)
    seeds += ["0", "1"]
    player = Player(client, POOL)
    for _attempt in range(2):
        player.start()
        player.answer(0, "a")
        player.answer(1, "a")
    result = player.page(player.url + "/resultaat")
    start = client.get(POOL).get_data(as_text=True)
    for html in (result, start):
        assert "Je hebt al je pogingen gebruikt" in html
        assert 'href="/leren/testcursus/verder/vier"' in html and "Les vier" in html  # the module's lessons
        assert f"Vraag de griffie van {member.organisation.name}" in html
        assert "Probeer het opnieuw" not in html
    token = csrf_from(start)
    client.post(POOL + "/pogingen", data={"csrf_token": token})
    assert db.session.scalar(select(db.func.count()).select_from(Attempt)) == 2


def test_a_scenario_with_feedback_at_the_end_shows_it_only_in_the_route(client, login_as, db, tmp_path):
    scenario = SCENARIO_MD.format(scoring="ending", pass_mark=6).replace("advised:", "feedback: end\nadvised:")
    version = sync_courses(write_course(tmp_path / "courses", extra={"02-verder/04-tribune.md": scenario})).created[0]
    db.session.commit()
    assert version is not None
    login_as(Role.MEMBER)
    player = Player(client, SCENARIO)
    player.start()
    player.choose("tribune", "tribune-1")
    page = player.page()
    assert "Jouw keuze" not in page and "de voorzitter gaat over de orde" not in page
    player.choose("schorsen", "schorsen-2")
    result = player.page(player.url + "/resultaat")
    assert "Goed: de voorzitter gaat over de orde." in result and "Goed: praat erover." in result


def test_a_pinned_scenario_choice_keeps_its_place_from_the_file():
    body = SCENARIO_MD.format(scoring="sum", pass_mark=3).split("---\n", 2)[2].replace(
        "* Je blijft zitten en zwijgt. -> slecht", "* Je blijft zitten en zwijgt. -> slecht +0 {vast}")
    spec, issues = scenario_rules.parse_scenario({"scoring": "sum"}, body, 1)
    assert not issues
    pinned = spec.situations["escalatie"].choices[2]
    assert pinned.pinned and pinned.target == "slecht" and pinned.text == "Je blijft zitten en zwijgt."
    orders = {tuple(scenario_rules.new_layout(spec, f"s{n}")["choices"]["escalatie"]) for n in range(30)}
    assert len(orders) > 1 and all(order[2] == "escalatie-3" for order in orders)


def test_a_quiz_attempt_from_before_layouts_asks_every_question_in_its_old_order(client, login_as, pool, seeds):
    login_as(Role.MEMBER)
    seeds += ["oud"]
    player = Player(client, POOL)
    player.start()
    attempt = db.session.get(Attempt, player.attempt_id)
    attempt.layout = None  # begun before this change: no draw, the order its seed gave
    db.session.commit()
    html = player.page()
    assert "Vraag 1 van 4" in html and question_id(html) == "p1"
    spec = services.spec_of(attempt.lesson)
    assert option_values(html) == [o.id for o in quiz_rules.option_order(spec.questions[0], "oud", spec.shuffle)]
