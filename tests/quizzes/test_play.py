"""Playing knowledge checks and scenarios in the browser, one page at a time."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import Role
from app.learn.models import Enrollment, LessonProgress
from app.quizzes.models import Answer, Attempt
from tests.conftest import csrf_from
from tests.quizzes.conftest import QUIZ, Player

ALL_RIGHT = [("a", "b"), ("a", "b"), ("b",)]  # per question: the correct option ids (grens=b, melden=a+b, online=b)


def play_quiz(player, answers):
    player.start()
    for step, options in enumerate(answers):
        response = player.answer(step, *options)
        assert response.status_code == 302, (step, response.status_code)
    return player.page(player.url + "/resultaat")


def test_quiz_start_page_explains_the_policy(client, login_as, activities):
    login_as(Role.MEMBER)
    html = client.get(QUIZ).get_data(as_text=True)
    assert "<h1>Toets herkennen</h1>" in html
    assert "3 vragen" in html and "Je slaagt met 50% of meer goed." in html
    assert "Je mag het 2 keer proberen. Je hebt er nog 2 over." in html and "Je beste poging telt." in html
    assert "Start de toets" in html


def test_question_page_is_a_fieldset_with_legend_and_progress(client, login_as, activities, quiz_player):
    login_as(Role.MEMBER)
    quiz_player.start()
    html = quiz_player.page()
    assert '<legend class="choices__legend">Welke situatie is intimidatie?</legend>' in html
    assert 'type="radio" name="antwoord" value="a"' in html and 'type="radio" name="antwoord" value="b"' in html
    assert "Vraag 1 van 3" in html and '<progress id="toetsvoortgang" max="3" value="0">' in html
    assert "<summary>Hint</summary>" in html


def test_feedback_after_an_answer_then_the_next_question(client, login_as, activities, quiz_player):
    login_as(Role.MEMBER)
    quiz_player.start()
    response = quiz_player.answer(0, "a")
    assert response.headers["Location"].endswith("?stap=0")
    html = quiz_player.page(response.headers["Location"])
    assert 'id="feedback-titel"' in html and ">Niet goed<" in html
    assert "Dat is kritiek op je werk, geen intimidatie." in html  # feedback of the chosen option
    assert "Goed antwoord:" in html and "Kritiek gaat over de inhoud." in html  # the right one and the explanation
    assert "Vraag 2 van 3" in quiz_player.page()


def test_passing_the_quiz_completes_its_step(client, login_as, activities, quiz_player, db):
    user = login_as(Role.MEMBER)
    html = play_quiz(quiz_player, [("b",), ("a", "b"), ("b",)])
    assert "Je resultaat: 100% goed" in html and "Geslaagd" in html
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))
    done = db.session.scalars(select(LessonProgress.lesson_id).where(LessonProgress.enrollment_id == enrollment.id)).all()
    quiz_id = next(lesson.id for lesson in activities.lessons if lesson.slug == "toets")
    assert quiz_id in done
    attempt = db.session.scalar(select(Attempt))
    assert attempt.lesson.version_id == activities.id and attempt.score == 100 and attempt.passed
    assert [a.answered_at is not None for a in attempt.answers] == [True, True, True]


def test_failing_keeps_the_step_open_and_best_attempt_counts(client, login_as, activities, quiz_player, db):
    login_as(Role.MEMBER)
    html = play_quiz(quiz_player, [("a",), ("a",), ("a",)])
    assert "Je resultaat: 0% goed" in html and "Niet geslaagd" in html and "Probeer het opnieuw" in html
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    play_quiz(quiz_player, [("b",), ("a", "b"), ("a",)])  # 67%: passes the 50% mark
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Je hebt al je pogingen gebruikt." in html and "Je bent hiervoor geslaagd." in html
    assert client.post(QUIZ + "/pogingen", data={"csrf_token": csrf_from(html)}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2  # no third attempt


def test_last_attempt_counts_when_the_trainer_says_so(client, login_as, db, tmp_path):
    from app.courses.services import sync_courses
    from tests.coursefiles import QUIZ_MD, write_course

    quiz = QUIZ_MD.replace("counts: best", "counts: last").replace("max_attempts: 2\n", "")
    sync_courses(write_course(tmp_path / "c", extra={"02-verder/03-toets.md": quiz}))
    db.session.commit()
    login_as(Role.MEMBER)
    player = Player(client, QUIZ)
    play_quiz(player, [("b",), ("a", "b"), ("b",)])
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    play_quiz(player, [("a",), ("a",), ("a",)])
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    assert "Je mag het zo vaak proberen als je wilt." in client.get(QUIZ).get_data(as_text=True)


def test_empty_answer_shows_an_error_summary(client, login_as, activities, quiz_player):
    login_as(Role.MEMBER)
    quiz_player.start()
    response = quiz_player.answer(0)
    assert response.status_code == 302 and "leeg=1" in response.headers["Location"]
    html = quiz_player.page(response.headers["Location"].split("#")[0])
    assert '<a href="#antwoord-' in html and "Kies een antwoord." in html


def test_an_answer_that_was_not_offered_is_refused(client, login_as, activities, quiz_player, db):
    login_as(Role.MEMBER)
    quiz_player.start()
    assert quiz_player.answer(0, "z").status_code == 400
    assert quiz_player.answer(0, "a", "b").status_code == 400  # two answers to a single-choice question
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_double_submit_and_back_button_record_once(client, login_as, activities, quiz_player, db):
    login_as(Role.MEMBER)
    quiz_player.start()
    token = quiz_player.token()
    assert quiz_player.answer(0, "b", token=token).status_code == 302
    again = quiz_player.answer(0, "a", token=token)  # the same form again, another answer
    assert again.status_code == 302 and "stap" not in again.headers["Location"]
    answers = db.session.scalars(select(Answer)).all()
    assert [(a.step, a.choices) for a in answers] == [(0, ["b"])]


def test_unfinished_attempt_resumes_where_it_stopped(client, login_as, activities, quiz_player):
    login_as(Role.MEMBER)
    first = quiz_player.start()
    quiz_player.answer(0, "b")
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Ga verder waar je was" in html and "Start de toets" not in html
    assert quiz_player.start() == first  # starting again gives the same attempt
    assert "Vraag 2 van 3" in quiz_player.page()


def test_shuffled_order_is_stable_on_reload(client, login_as, activities, quiz_player):
    import re

    login_as(Role.MEMBER)
    quiz_player.start()
    order = re.findall(r'name="antwoord" value="(\w)"', quiz_player.page())
    assert sorted(order) == ["a", "b"]
    for _ in range(3):
        assert re.findall(r'name="antwoord" value="(\w)"', quiz_player.page()) == order


def test_another_members_attempt_is_not_found(client, login_as, activities, quiz_player):
    login_as(Role.MEMBER)
    quiz_player.start()
    url = quiz_player.url
    login_as(Role.MEMBER)  # someone else, same course
    assert client.get(url).status_code == 404
    assert client.get(url + "/resultaat").status_code == 404
    response = client.post(url, data={"csrf_token": csrf_from(client.get(QUIZ).get_data(as_text=True)), "stap": "0", "antwoord": "b"})
    assert response.status_code == 404


def test_activity_cannot_be_marked_done_by_pressing_on(client, login_as, activities):
    login_as(Role.MEMBER)
    token = csrf_from(client.get(QUIZ).get_data(as_text=True))
    assert client.post(QUIZ + "/klaar", data={"csrf_token": token}).status_code == 400


# -- scenarios ---------------------------------------------------------------------------

def test_scenario_plays_to_an_ending_with_path_advice_and_help(client, login_as, activities, scenario_player, db):
    login_as(Role.MEMBER)
    scenario_player.start()
    html = scenario_player.page()
    assert "<h2>Onrust op de tribune</h2>" in html and "<legend class=\"choices__legend\">Wat doe je?</legend>" in html
    assert scenario_player.choose("tribune", "tribune-2").status_code == 302
    html = scenario_player.page()
    assert "Jouw keuze" in html and "Zo wordt het persoonlijk." in html and "<h2>Het loopt op</h2>" in html
    scenario_player.choose("escalatie", "escalatie-2")  # a loop back to the same situation
    scenario_player.choose("escalatie", "escalatie-1")
    response = scenario_player.choose("schorsen", "schorsen-2")
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "<h2 id=\"afloop-titel\">Veilig verder</h2>" in html and "Je score: 10 punten" in html and "Geslaagd" in html
    assert html.count("Jij koos:") == 4 and "Dat helpt niet; probeer iets anders." in html
    assert "Geadviseerde route" in html and "Je vraagt de voorzitter de vergadering te schorsen." in html
    assert "In het echt" in html and "Bespreek wat er gebeurde met je griffie." in html
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_scenario_sum_mode_and_failing_pass_mark(client, login_as, make_activities, scenario_player, db):
    make_activities(scoring="sum", pass_mark=5)
    login_as(Role.MEMBER)
    scenario_player.start()
    scenario_player.choose("tribune", "tribune-2")
    scenario_player.choose("escalatie", "escalatie-1")
    scenario_player.choose("schorsen", "schorsen-2")
    html = scenario_player.page(scenario_player.url + "/resultaat")
    assert "Je score: 3 punten" in html and "Niet geslaagd" in html
    assert db.session.scalar(select(Attempt.passed)) is False
    scenario_player.start()
    scenario_player.choose("tribune", "tribune-1")
    scenario_player.choose("schorsen", "schorsen-2")
    assert "Je score: 5 punten" in scenario_player.page(scenario_player.url + "/resultaat")
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_a_choice_from_another_situation_is_refused(client, login_as, activities, scenario_player, db):
    login_as(Role.MEMBER)
    scenario_player.start()
    assert scenario_player.choose("tribune", "schorsen-2").status_code == 400  # not offered here
    assert scenario_player.choose("tribune", "bestaat-niet").status_code == 400
    stale = scenario_player.choose("schorsen", "schorsen-2")  # a situation the member is not at
    assert stale.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_scenario_back_button_does_not_record_twice(client, login_as, activities, scenario_player, db):
    login_as(Role.MEMBER)
    scenario_player.start()
    token = scenario_player.token()
    scenario_player.choose("tribune", "tribune-1", token=token)
    scenario_player.choose("tribune", "tribune-2", token=token)  # the old page, submitted again
    answers = db.session.scalars(select(Answer)).all()
    assert [a.choices for a in answers] == [["tribune-1"]]
    assert db.session.scalar(select(Attempt.current)) == "schorsen"


def test_course_completes_only_when_activities_are_passed(client, login_as, activities, quiz_player, scenario_player, db):
    user = login_as(Role.MEMBER)
    for module, lesson in [("begin", "een"), ("begin", "twee"), ("begin", "drie"), ("verder", "vier"), ("verder", "vijf")]:
        url = f"/leren/testcursus/{module}/{lesson}"
        client.post(url + "/klaar", data={"csrf_token": csrf_from(client.get(url).get_data(as_text=True))})
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))
    assert enrollment.completed_at is None
    assert "5 van 7 lessen gedaan" in client.get("/leren/").get_data(as_text=True)
    play_quiz(quiz_player, [("b",), ("a", "b"), ("b",)])
    scenario_player.start()
    scenario_player.choose("tribune", "tribune-1")
    scenario_player.choose("schorsen", "schorsen-2")
    db.session.expire_all()
    assert db.session.get(Enrollment, enrollment.id).completed_at is not None
    assert "Afgerond" in client.get("/leren/").get_data(as_text=True)


def test_member_looks_back_at_own_attempts(client, login_as, activities, quiz_player):
    login_as(Role.MEMBER)
    play_quiz(quiz_player, [("a",), ("a", "b"), ("b",)])
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Jouw pogingen" in html and "Poging 1" in html and "67%" in html
    review = quiz_player.page(quiz_player.url + "/resultaat")
    assert "Je antwoorden" in review and review.count("Jouw antwoord") == 4  # two options chosen in question 2


def test_griffier_sees_completion_but_never_answers(client, login_as, activities, quiz_player, db):
    member = login_as(Role.MEMBER)
    play_quiz(quiz_player, [("a",), ("a",), ("a",)])
    login_as(Role.GRIFFIER, organisation=member.organisation)
    html = client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    assert "Testcursus" in html
    assert "0%" not in html and "kritische e-mail" not in html and "Niet geslaagd" not in html
    assert client.get(quiz_player.url + "/resultaat").status_code == 404
