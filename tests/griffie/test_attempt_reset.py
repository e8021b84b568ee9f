"""The griffie gives a member new attempts at one activity, and sees no answers or scores doing so."""
from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.courses.services import sync_courses
from app.extensions import db
from app.learn import services as learn
from app.quizzes import services
from app.courses import version_cache
from tests.conftest import submit
from tests.coursefiles import activity_course
from tests.factories import UserFactory


def used_up(tmp_path, member):
    """The member fails the test course's knowledge check twice (its max_attempts)."""
    version = sync_courses(activity_course(tmp_path / "courses")).created[0]
    quiz = next(lesson for lesson in version.lessons if lesson.slug == "toets")
    enrollment = learn.start_enrollment(member, version)
    for _attempt in range(2):
        attempt = services.start_attempt(member, enrollment, quiz)
        for step in range(3):
            services.answer_question(attempt, step, ["c"] if step == 1 else ["a"])
    db.session.commit()
    return quiz


def test_griffier_gives_new_attempts_and_it_is_logged(client, griffier, member_of, tmp_path):
    member = member_of("Opnieuw Proberen")
    quiz = used_up(tmp_path, member)
    page = client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    assert "Alle pogingen gebruikt" in page and "Geef nieuwe pogingen voor Toets herkennen" in page
    assert "0%" not in page and "Kritische e-mail" not in page  # no scores, no answers
    response = submit(client, f"/griffie/leden/{member.id}/pogingen/{quiz.id}", {}, page=f"/griffie/leden/{member.id}")
    assert response.status_code == 302
    assert "kan Toets herkennen opnieuw maken" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert services.overview(member, quiz).left == 2
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attempts.reset"))
    assert entry.target_id == member.id and entry.organisation_id == griffier.organisation_id
    assert set(entry.details) == {"lesson_id", "activity", "attempts"}  # no answers, no scores
    again = submit(client, f"/griffie/leden/{member.id}/pogingen/{quiz.id}", {}, page=f"/griffie/leden/{member.id}")
    assert again.status_code == 404  # nothing to reset any more


def test_another_organisations_griffier_gets_404_and_a_member_403(client, griffier, member_of, tmp_path, login_as):
    stranger = UserFactory(name="Andere Gemeente")
    db.session.commit()
    quiz = used_up(tmp_path, stranger)
    url = f"/griffie/leden/{stranger.id}/pogingen/{quiz.id}"
    assert submit(client, url, {}, page="/griffie/leden").status_code == 404
    mine = member_of("Eigen Lid")
    assert submit(client, f"/griffie/leden/{mine.id}/pogingen/{quiz.id}", {}, page="/griffie/leden").status_code == 404
    login_as(Role.MEMBER)
    assert submit(client, url, {}, page="/leren/").status_code == 403
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attempts.reset")) is None


def test_member_page_query_count_does_not_grow_with_used_up_activities(client, griffier, member_of, tmp_path,
                                                                        count_queries):
    from tests.coursefiles import QUIZ_MD, write_course

    member = member_of("Veel Geprobeerd")
    version = sync_courses(write_course(tmp_path / "courses", extra={
        f"02-verder/0{n}-toets{n}.md": QUIZ_MD.replace("title: Toets herkennen", f"title: Toets {n}")
        for n in (3, 4, 5)})).created[0]
    quizzes = [lesson for lesson in version.lessons if lesson.is_activity]
    enrollment = learn.start_enrollment(member, version)

    def use_up(quiz):
        for _attempt in range(2):
            attempt = services.start_attempt(member, enrollment, quiz)
            for step in range(3):
                services.answer_question(attempt, step, ["c"] if step == 1 else ["a"])
        db.session.commit()

    use_up(quizzes[0])
    version_cache.clear()  # both as a new worker: the course versions are read once per process
    with count_queries() as few:
        assert "Toets 3" in client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    for quiz in quizzes[1:]:
        use_up(quiz)
    version_cache.clear()
    with count_queries() as many:
        page = client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    assert "Toets 4" in page and "Toets 5" in page
    assert len(many) == len(few)
