"""The bundled curriculum in courses/: valid, complete, and playable to every ending.

These tests read the real course folders through the app's own loader and validator, so a
trainer who edits a lesson hears here first when a module, a route or an ending breaks.
"""
from __future__ import annotations

import html
import re
from collections import deque
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.models import Function, Role, User
from app.content import validate_tree
from app.content.activities.scenario import ScenarioSpec
from app.content.validate import parse_activity
from tests.conftest import csrf_from, sign_in

COURSES = Path(__file__).resolve().parents[2] / "courses"
MAIN = "weerbaar-besturen"
GRIFFIE = "griffie-organiseren"
# One short course per office (issue 14): its folder -> the one audience that sees it.
OFFICES = {
    "weerbaar-wethouder": "wethouder",
    "weerbaar-burgemeester": "burgemeester",
    "weerbaar-staten": "statenlid",
    "weerbaar-waterschap": "waterschapsbestuurder",
}
DEMO_MEMBER = "nieuw@voorbeeld.example"  # the demo raadslid who has not started yet
# Slugs that tests, the demo data and existing enrollments rely on: never rename these.
MODULE_01 = ["wat-is-het", "waar-ligt-de-grens", "hoe-vaak", "waarom-het-ertoe-doet", "toets", "scenario-bericht"]
MAX_LESSON_MINUTES = 5  # "a few minutes each"


@pytest.fixture(scope="module")
def loaded(app):
    with app.test_request_context():
        courses, problems = validate_tree(COURSES)
        specs = {
            (course.slug, module.slug, lesson.slug): parse_activity(lesson)[0]
            for course in courses for module in course.modules for lesson in module.lessons
            if lesson.kind != "lesson"
        }
    return {course.slug: course for course in courses}, problems, specs


def _scenarios(specs) -> dict[tuple[str, str, str], ScenarioSpec]:
    return {key: spec for key, spec in specs.items() if isinstance(spec, ScenarioSpec)}


def routes_to_endings(spec: ScenarioSpec) -> dict[str, list[tuple[str, str]]]:
    """A shortest route, as (situation, choice id) steps, from the start to every ending it can reach.

    Written independently of app.content's own graph checks, so the two can catch each other.
    """
    routes: dict[str, list[tuple[str, str]]] = {spec.start: []}
    queue = deque([spec.start])
    found: dict[str, list[tuple[str, str]]] = {}
    while queue:
        here = queue.popleft()
        for choice in spec.situations[here].choices:
            route = [*routes[here], (here, choice.id)]
            if choice.target in spec.endings:
                found.setdefault(choice.target, route)
            elif choice.target not in routes:
                routes[choice.target] = route
                queue.append(choice.target)
    return found


# -- the files ----------------------------------------------------------------------------------

def test_the_bundled_courses_validate_without_errors_or_warnings(loaded):
    courses, problems, _specs = loaded
    assert [str(p) for p in problems] == []
    assert {MAIN, GRIFFIE} <= set(courses)


def _path(course):
    """The modules of the normal path: the refresher (course.md `refresher`) stands apart."""
    return [module for module in course.modules if module.slug != course.source.meta.get("refresher")]


def test_the_main_course_has_a_refresher_that_renews_its_term_certificate(loaded):
    courses, _problems, _specs = loaded
    meta = courses[MAIN].source.meta
    assert meta["validity"] == "raadsperiode" and meta["refresher"] == "opfrissen"
    [refresher] = [module for module in courses[MAIN].modules if module.slug == "opfrissen"]
    assert [lesson.kind for lesson in refresher.lessons] == ["quiz"]


def test_the_main_course_has_six_modules_each_with_lessons_and_a_check(loaded):
    courses, _problems, _specs = loaded
    modules = _path(courses[MAIN])
    assert len(modules) >= 6
    assert modules[0].slug == "herkennen" and [lesson.slug for lesson in modules[0].lessons] == MODULE_01
    for module in modules:
        reading = [lesson for lesson in module.lessons if lesson.kind == "lesson"]
        activities = [lesson for lesson in module.lessons if lesson.kind in ("quiz", "scenario")]
        assert len(reading) >= 3, module.slug
        assert activities, f"{module.slug} has no knowledge check or scenario"


def test_every_lesson_is_short_and_says_how_long(loaded):
    courses, _problems, _specs = loaded
    for course in courses.values():
        for module in course.modules:
            for lesson in module.lessons:
                assert lesson.minutes is not None, lesson.source.display
                if lesson.kind == "lesson":
                    assert lesson.minutes <= MAX_LESSON_MINUTES, lesson.source.display


def test_the_griffie_course_is_for_griffiers_only(loaded):
    courses, _problems, _specs = loaded
    assert courses[GRIFFIE].source.meta["audience"] == ["griffier"]
    assert "audience" not in courses[MAIN].source.meta  # every council function
    for module in courses[GRIFFIE].modules:
        assert any(lesson.kind in ("quiz", "scenario") for lesson in module.lessons), module.slug


def test_each_office_has_a_short_course_of_its_own_with_a_scenario(loaded):
    courses, _problems, _specs = loaded
    main_title = courses[MAIN].source.meta["title"]
    for slug, office in OFFICES.items():
        course = courses[slug]
        assert course.source.meta["audience"] == [office], slug
        # the course list is ordered by title and the council course must stay first
        assert course.source.meta["title"] > main_title, slug
        for module in course.modules:
            reading = [lesson for lesson in module.lessons if lesson.kind == "lesson"]
            assert 2 <= len(reading) <= 3, (slug, module.slug)
            assert all(3 <= lesson.minutes <= 4 for lesson in reading), (slug, module.slug)
            scenarios = [lesson for lesson in module.lessons if lesson.kind == "scenario"]
            assert scenarios, (slug, module.slug)
            for lesson in scenarios:
                assert lesson.source.meta.get("feedback") == "end" and lesson.source.meta.get("max_attempts") == 3


def test_every_answer_and_choice_explains_itself(loaded):
    _courses, _problems, specs = loaded
    for key, spec in specs.items():
        if isinstance(spec, ScenarioSpec):
            for situation in spec.situations.values():
                for choice in situation.choices:
                    assert len(choice.feedback.split()) >= 8, (key, choice.id)  # a why, not just "Goed."
        else:
            for question in spec.questions:
                for option in question.options:
                    assert len(option.feedback.split()) >= 5, (key, question.id, option.id)


def test_at_least_five_rich_scenarios_with_help_in_real_life(loaded):
    _courses, _problems, specs = loaded
    scenarios = _scenarios(specs)
    assert len(scenarios) >= 5
    for key, spec in scenarios.items():
        assert len(spec.situations) >= 6, key
        assert len(spec.endings) >= 2, key
        assert spec.help, f"{key} has no 'In het echt' help"
        assert all(len(s.choices) >= 2 for s in spec.situations.values()), key


def test_every_scenario_reaches_every_ending_and_never_traps(loaded):
    _courses, _problems, specs = loaded
    for key, spec in _scenarios(specs).items():
        routes = routes_to_endings(spec)
        assert set(routes) == set(spec.endings), (key, set(spec.endings) - set(routes))
        # every situation is reachable, and from each one some ending can still be reached
        reachable = {spec.start} | {here for route in routes.values() for here, _choice in route}
        for situation in spec.situations.values():
            for choice in situation.choices:
                if choice.target in spec.situations:
                    reachable.add(choice.target)
        assert reachable == set(spec.situations), key
        for situation_id in spec.situations:
            sub = ScenarioSpec(intro="", start=situation_id, situations=spec.situations, endings=spec.endings)
            assert routes_to_endings(sub), (key, situation_id)


def _route_score(spec: ScenarioSpec, steps: list[tuple[str, str]], ending_id: str) -> int:
    from app.content.activities.scenario import score

    return score(spec, [choice for _situation, choice in steps], ending_id)


def test_the_advised_route_passes_and_a_poor_route_does_not(loaded):
    _courses, _problems, specs = loaded
    for key, spec in _scenarios(specs).items():
        # with scoring: sum a route is judged by every choice on the way, not only by where it ended
        assert spec.pass_mark is not None, key
        assert spec.advised and spec.advised[-1] in spec.endings, key
        advised = [c.id for c in _advised(spec)]
        assert _route_score(spec, list(zip(spec.advised, advised)), spec.advised[-1]) >= spec.pass_mark, key
        routes = routes_to_endings(spec)
        assert any(_route_score(spec, steps, ending) < spec.pass_mark for ending, steps in routes.items()), \
            f"{key}: every route passes"


def test_no_phone_number_but_112(loaded):
    courses, _problems, _specs = loaded
    number = re.compile(r"(?<![\d.,])(?:\+31|0)[\d -]{8,}\d")
    for course in courses.values():
        for rel, data in course.files.items():
            if rel.endswith(".md"):
                assert not number.search(data.decode("utf-8")), rel


# -- through the web client, as the demo council member ------------------------------------------

@pytest.fixture
def demo(app, db):
    from app.courses.services import sync_courses
    from app.demo import seed

    sync_courses(COURSES)
    seed()
    db.session.commit()
    return {user.email: user for user in db.session.scalars(select(User))}


def _log_in(client, user: User) -> None:
    sign_in(client, user)


def _start(client, base: str) -> str:
    token = csrf_from(client.get(base).get_data(as_text=True))
    response = client.post(base + "/pogingen", data={"csrf_token": token})
    assert response.status_code == 302, (base, response.status_code)
    return response.headers["Location"]


def _play_scenario(client, base: str, steps: list[tuple[str, str]]) -> str:
    attempt = _start(client, base)
    token = csrf_from(client.get(attempt).get_data(as_text=True))
    for situation, choice in steps:
        response = client.post(attempt, data={"csrf_token": token, "situatie": situation, "keuze": choice})
        assert response.status_code == 302, (base, situation, choice, response.status_code)
    return client.get(attempt + "/resultaat").get_data(as_text=True)


def _plain(text: str) -> str:
    return "".join(ch for ch in html.unescape(re.sub(r"<[^>]+>", "", text)).lower() if ch.isalnum())


def _play_quiz(client, base: str, spec) -> str:
    """Answer every question the page asks, rightly: a pool draws some of them, in its own order."""
    attempt = _start(client, base)
    by_title = {_plain(question.title): question for question in spec.questions}
    for _question in spec.questions:
        page = client.get(attempt)
        if page.status_code == 302:  # no question left: the attempt is finished
            break
        text = page.get_data(as_text=True)
        legend = re.search(r'class="choices__legend">(.*?)</legend>', text, re.DOTALL).group(1)
        question = by_title[_plain(legend)]
        step = re.search(r'name="stap" value="(\d+)"', text).group(1)
        data = {"csrf_token": csrf_from(text), "stap": step, "antwoord": sorted(question.correct_ids())}
        assert client.post(attempt, data=data).status_code == 302, (base, question.id)
    return client.get(attempt + "/resultaat").get_data(as_text=True)


def test_the_demo_council_member_plays_every_module_to_a_certificate(client, demo, loaded, db):
    from app.certificates.models import Certificate
    from app.learn.models import Enrollment, LessonProgress

    courses, _problems, specs = loaded
    member = demo[DEMO_MEMBER]
    assert member.role == Role.MEMBER and member.function == Function.RAADSLID
    _log_in(client, member)
    for module in _path(courses[MAIN]):
        for lesson in module.lessons:
            url = f"/leren/{MAIN}/{module.slug}/{lesson.slug}"
            page = client.get(url)
            assert page.status_code == 200, url
            if lesson.kind == "lesson":
                response = client.post(url + "/klaar", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
                assert response.status_code == 302, url
                continue
            spec = specs[(MAIN, module.slug, lesson.slug)]
            if isinstance(spec, ScenarioSpec):
                steps = list(zip(spec.advised, [c.id for c in _advised(spec)]))
                result = _play_scenario(client, url, steps)
            else:
                result = _play_quiz(client, url, spec)
            assert "Geslaagd" in result and "Niet geslaagd" not in result, url
        done = set(db.session.scalars(
            select(LessonProgress.lesson_id).join(Enrollment).where(Enrollment.user_id == member.id)))
        enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id))
        module_ids = {lesson.id for lesson in enrollment.version.lessons if lesson.module.slug == module.slug}
        assert module_ids and module_ids <= done, f"module {module.slug} is not complete"
        db.session.expire_all()
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id))
    assert enrollment.completed_at is not None
    assert db.session.scalar(select(Certificate).where(Certificate.user_id == member.id)) is not None


def _advised(spec: ScenarioSpec):
    from app.content.activities.scenario import advised_choices

    return advised_choices(spec)


def _forget_attempts(db, user: User, module: str, lesson: str) -> None:
    """Assessments allow few attempts; walking every ending needs more, as if the griffie reset them."""
    from app.courses.models import Lesson, Module
    from app.quizzes.models import Attempt

    lesson_ids = select(Lesson.id).join(Module, Lesson.module_id == Module.id).where(
        Lesson.slug == lesson, Module.slug == module)
    for attempt in db.session.scalars(select(Attempt).where(Attempt.user_id == user.id,
                                                            Attempt.lesson_id.in_(lesson_ids))):
        db.session.delete(attempt)
    db.session.commit()


def test_every_scenario_ending_is_reachable_through_the_pages(client, demo, loaded, db):
    _courses, _problems, specs = loaded
    member = demo[DEMO_MEMBER]
    _log_in(client, member)
    for (course, module, lesson), spec in _scenarios(specs).items():
        if course != MAIN:
            continue
        for ending_id, steps in routes_to_endings(spec).items():
            _forget_attempts(db, member, module, lesson)
            result = _play_scenario(client, f"/leren/{course}/{module}/{lesson}", steps)
            title = html.escape(spec.endings[ending_id].title, quote=False)
            assert f'id="afloop-titel">{title}</h2>' in result, (lesson, ending_id)
            assert "In het echt" in result, (lesson, ending_id)
            passed = _route_score(spec, steps, ending_id) >= spec.pass_mark
            assert ("Niet geslaagd" not in result) == passed, (lesson, ending_id)


def test_demo_members_who_finished_have_completed_the_curriculum(demo, db):
    from app.demo import ANDERSTAD, VOORBEELD
    from app.learn.models import Enrollment

    finished = [email for email, _name, role, _f, progress in VOORBEELD + ANDERSTAD
                if role == Role.MEMBER and progress == 1.0]
    assert finished
    for email in finished:
        enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == demo[email].id))
        assert enrollment is not None and enrollment.completed_at is not None, email


def test_members_cannot_open_the_griffie_course_but_the_griffier_can(client, demo, loaded, db):
    courses, _problems, specs = loaded
    first = courses[GRIFFIE].modules[0]
    url = f"/leren/{GRIFFIE}/{first.slug}/{first.lessons[0].slug}"
    for email in ("raadslid@voorbeeld.example", "wethouder@voorbeeld.example", "burgemeester@voorbeeld.example"):
        _log_in(client, demo[email])
        assert client.get(f"/leren/{GRIFFIE}").status_code == 404, email
        assert client.get(url).status_code == 404, email
        assert "voor de griffie" not in client.get("/leren/").get_data(as_text=True), email
    _log_in(client, demo["griffier@voorbeeld.example"])
    dashboard = client.get("/leren/").get_data(as_text=True)
    assert "Weerbaarheid organiseren: voor de griffie" in dashboard
    # the griffier can take the whole course, knowledge check included
    for module in courses[GRIFFIE].modules:
        for lesson in module.lessons:
            lesson_url = f"/leren/{GRIFFIE}/{module.slug}/{lesson.slug}"
            page = client.get(lesson_url)
            assert page.status_code == 200, lesson_url
            if lesson.kind == "lesson":
                client.post(lesson_url + "/klaar", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
            else:
                result = _play_quiz(client, lesson_url, specs[(GRIFFIE, module.slug, lesson.slug)])
                assert "Geslaagd" in result and "Niet geslaagd" not in result


@pytest.mark.parametrize("slug", sorted(OFFICES))
def test_an_office_holder_sees_their_own_course_and_plays_it_to_the_end(client, db, loaded, login_as, slug):
    from app.courses.services import sync_courses
    from app.learn.models import Enrollment

    courses, _problems, specs = loaded
    sync_courses(COURSES)
    db.session.commit()
    member = login_as(Role.MEMBER, function=Function(OFFICES[slug]))
    dashboard = client.get("/leren/").get_data(as_text=True)
    assert html.escape(courses[slug].source.meta["title"], quote=False) in dashboard
    for other in set(OFFICES) - {slug}:
        assert html.escape(courses[other].source.meta["title"], quote=False) not in dashboard, other
        assert client.get(f"/leren/{other}").status_code == 404, other
    for module in courses[slug].modules:
        for lesson in module.lessons:
            url = f"/leren/{slug}/{module.slug}/{lesson.slug}"
            page = client.get(url)
            assert page.status_code == 200, url
            if lesson.kind == "lesson":
                client.post(url + "/klaar", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
                continue
            spec = specs[(slug, module.slug, lesson.slug)]
            result = _play_scenario(client, url, list(zip(spec.advised, [c.id for c in _advised(spec)])))
            assert "Geslaagd" in result and "Niet geslaagd" not in result, url
    enrollments = db.session.scalars(select(Enrollment).where(Enrollment.user_id == member.id)).all()
    assert [e.completed_at is not None for e in enrollments if e.version.course.slug == slug] == [True]


def test_the_council_course_comes_first_in_the_course_list(demo, app):
    """Browser tests and the griffie's reports open current_versions()[0]: the council course must lead."""
    from app.learn.services import current_versions

    assert [v.course.slug for v in current_versions()][:1] == [MAIN]
