"""Analytics: what people chose, over all organisations, never with names, only when k >= 5."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.authoring.analytics import MIN_PEOPLE, version_analytics
from app.learn import services as learn
from app.quizzes import services as quizzes
from app.quizzes.models import Answer, Attempt
from tests.factories import OrganisationFactory, UserFactory

RIGHT = {0: ["b"], 1: ["a", "b"], 2: ["b"]}
WRONG_LAST = {0: ["b"], 1: ["a", "b"], 2: ["a"]}  # everyone who errs, errs on 'online'


def lesson(version, slug):
    return next(l for l in version.lessons if l.slug == slug)


def take_quiz(db, version, user, answers, seconds=30):
    enrollment = learn.start_enrollment(user, version)
    attempt = quizzes.start_attempt(user, enrollment, lesson(version, "toets"))
    for step in range(3):
        quizzes.answer_question(attempt, step, answers[step])
    db.session.flush()
    for answer in db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)):
        answer.answered_at = attempt.started_at + timedelta(seconds=seconds * (answer.step + 1))
    db.session.commit()


def play_scenario(db, version, user, route):
    enrollment = learn.start_enrollment(user, version)
    attempt = quizzes.start_attempt(user, enrollment, lesson(version, "tribune"))
    for situation, choice in route:
        quizzes.choose(attempt, situation, choice)
    db.session.commit()


def people(db, n, **kwargs):
    users = [UserFactory(**kwargs) for _ in range(n)]
    db.session.commit()
    return users


def quiz_stat(version):
    return next(a for a in version_analytics(version) if a.lesson.slug == "toets")


def test_nothing_is_shown_below_five_people(client, trainer, activity_version, db):
    for user in people(db, MIN_PEOPLE - 1):
        take_quiz(db, activity_version, user, RIGHT)
    stat = quiz_stat(activity_version)
    assert not stat.shown and all(not n.shown for n in stat.nodes)
    assert all(o.times is None for n in stat.nodes for o in n.options)
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    assert "Nog te weinig deelnemers (minder dan 5)" in html
    assert "mensen begonnen" not in html and "antwoorden goed" not in html


def test_counts_pass_rates_and_median_time_from_five_people_without_names(client, trainer, activity_version, db):
    here, there = OrganisationFactory(name="Gemeente Hier"), OrganisationFactory(name="Gemeente Daar")
    group = people(db, 5, organisation=here, name="Anna Hier") + people(db, 5, organisation=there, name="Bert Daar")
    for user in group[:5]:
        take_quiz(db, activity_version, user, RIGHT, seconds=10)
    for user in group[5:]:
        take_quiz(db, activity_version, user, WRONG_LAST, seconds=40)
    stat = quiz_stat(activity_version)
    assert stat.shown and stat.people == 10 and stat.pass_percent == 100  # pass mark 50%: two of three is enough
    online = next(n for n in stat.nodes if n.id == "online")
    assert online.good_percent == 50 and online.median_seconds == 25
    assert [(o.times, o.percent) for o in online.options] == [(5, 50), (5, 50), (None, None)]
    grens = next(n for n in stat.nodes if n.id == "grens")
    assert [o.times for o in grens.options] == [None, 10] and grens.good_percent == 100
    assert stat.hardest.id == "online"
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    assert "10 mensen begonnen, samen 10 pogingen." in html and "Gaat het vaakst mis:" in html
    assert "Wat doe je eerst bij een dreigend bericht online?" in html and "50% van de antwoorden goed" in html
    for name in ("Anna Hier", "Bert Daar", "Gemeente Hier", "Gemeente Daar"):
        assert name not in html


def test_a_small_group_cannot_be_worked_out_from_the_others(client, trainer, activity_version, db):
    group = people(db, 7)
    for user in group[:5]:
        take_quiz(db, activity_version, user, RIGHT)
    for user in group[5:]:
        take_quiz(db, activity_version, user, WRONG_LAST)
    online = next(n for n in quiz_stat(activity_version).nodes if n.id == "online")
    assert online.shown and online.median_seconds is not None
    # 5 chose b and 2 chose a: showing 5 of 7 (or 71% right) would reveal the two.
    assert [o.times for o in online.options] == [None, None, None]
    assert online.good_percent is None
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    assert "niet getoond" in html and "71%" not in html


def test_scenario_choices_and_endings(client, trainer, activity_version, db):
    good = [("tribune", "tribune-1"), ("schorsen", "schorsen-1")]
    bad = [("tribune", "tribune-2"), ("escalatie", "escalatie-3")]
    for user in people(db, 6):
        play_scenario(db, activity_version, user, good)
    for user in people(db, 5):
        play_scenario(db, activity_version, user, bad)
    stat = next(a for a in version_analytics(activity_version) if a.lesson.slug == "tribune")
    assert stat.people == 11 and stat.pass_percent == 55
    tribune = next(n for n in stat.nodes if n.id == "tribune")
    assert [(o.target, o.times) for o in tribune.options] == [("schorsen", 6), ("escalatie", 5)]
    assert tribune.good_percent == 55
    escalatie = next(n for n in stat.nodes if n.id == "escalatie")
    assert escalatie.shown and [o.times for o in escalatie.options] == [None, None, 5]
    assert {e.id: e.times for e in stat.endings} == {"goed": 6, "slecht": 5}
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    assert "Bereikte eindes" in html and "Veilig verder" in html


def test_scenario_small_groups_stay_hidden(client, trainer, activity_version, db):
    for user in people(db, 5):
        play_scenario(db, activity_version, user, [("tribune", "tribune-1"), ("schorsen", "schorsen-1")])
    for user in people(db, 2):
        play_scenario(db, activity_version, user, [("tribune", "tribune-2"), ("escalatie", "escalatie-3")])
    stat = next(a for a in version_analytics(activity_version) if a.lesson.slug == "tribune")
    assert stat.shown and stat.pass_percent is None  # 2 failed: hidden
    assert not next(n for n in stat.nodes if n.id == "escalatie").shown  # only two people got there
    assert {e.id: e.times for e in stat.endings} == {"goed": None, "slecht": None}


def test_analytics_page_per_version(client, trainer, activity_version, db):
    assert client.get("/auteur/testcursus/analyse?versie=1").status_code == 200
    assert client.get("/auteur/testcursus/analyse?versie=7").status_code == 404
    assert client.get("/auteur/bestaat-niet/analyse").status_code == 404
    assert db.session.scalar(select(Attempt)) is None


def test_the_page_opens_on_the_newest_version_with_answers(client, trainer, activity_version, db):
    from tests.conftest import submit

    for user in people(db, 5):
        take_quiz(db, activity_version, user, RIGHT)
    submit(client, "/auteur/testcursus/bestand/01-begin/01-een.md", {"text": "---\ntitle: Anders\n---\nNieuw.\n"})
    submit(client, "/auteur/testcursus/publiceren", {})
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    assert "<h1>Analyse van versie 1</h1>" in html and "5 mensen begonnen" in html
    assert "<h1>Analyse van versie 2</h1>" in client.get("/auteur/testcursus/analyse?versie=2").get_data(as_text=True)


def test_people_and_answers_are_counted_apart_and_labelled(client, trainer, activity_version, db):
    """One person answering twice is one person and two answers: never "7 mensen" over "Gekozen 8"."""
    group = people(db, 7)
    for user in group:
        take_quiz(db, activity_version, user, RIGHT)
    take_quiz(db, activity_version, group[0], RIGHT)  # a second attempt
    stat = quiz_stat(activity_version)
    grens = next(n for n in stat.nodes if n.id == "grens")
    assert (stat.people, stat.attempts, grens.people, grens.answers) == (7, 8, 7, 8)
    assert [o.times for o in grens.options] == [None, 8]
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    assert "7 mensen begonnen, samen 8 pogingen." in html and "7 mensen gaven samen 8 antwoorden" in html
    assert "Gekozen (aantal antwoorden)" in html and "Aandeel van de antwoorden" in html


def test_each_answer_has_a_bar_with_its_share_in_words(client, trainer, activity_version, db):
    for user in people(db, 5):
        take_quiz(db, activity_version, user, RIGHT)
    html = client.get("/auteur/testcursus/analyse").get_data(as_text=True)
    # Everyone chose the right answer: a full bar next to "100%", drawn with an SVG width, not a style.
    assert 'class="share-bar__fill share-bar__fill--good" x="0" y="0" width="100" height="10"></rect></svg> 100%' in html
    assert 'style="' not in html.split("<main")[1]
