"""Publishing makes an immutable version; learners halfway stay on theirs; history, diff, rollback."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import Role
from app.authoring.models import CourseDraft, Publication
from app.certificates.models import Certificate
from app.courses.models import CourseVersion
from app.learn.models import Enrollment, LessonProgress
from app.quizzes.models import Answer, Attempt
from tests.conftest import csrf_from, sign_in, submit
from tests.quizzes.conftest import QUIZ, SCENARIO, Player

LESSON = "01-begin/01-een.md"
NEW_TEXT = "---\ntitle: Les een, nieuw\nminutes: 3\n---\nDe nieuwe tekst van les een.\n"


def versions(db) -> list[CourseVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(CourseVersion).order_by(CourseVersion.number)))


def publish(client, note="Les een herschreven"):
    return submit(client, "/auteur/testcursus/publiceren", {"note": note})


def edit_and_publish(client, login_as, text=NEW_TEXT):
    login_as(Role.TRAINER, name="Tom Trainer")
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": text})
    response = publish(client)
    assert response.status_code == 302, response.get_data(as_text=True)


def complete(client, path):
    page = client.get(path).get_data(as_text=True)
    return client.post(path + "/klaar", data={"csrf_token": csrf_from(page)})


def test_publishing_makes_a_new_version_with_who_and_why(client, trainer, course, db):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": NEW_TEXT})
    response = publish(client)
    assert response.headers["Location"].endswith("/auteur/testcursus/versies")
    first, second = versions(db)
    assert (first.number, second.number) == (1, 2)
    assert second.files[LESSON] == NEW_TEXT and first.files[LESSON] != NEW_TEXT  # the old one is untouched
    publication = db.session.scalar(select(Publication))
    assert publication.version_id == second.id and publication.published_by_id == trainer.id
    html = client.get("/auteur/testcursus/versies").get_data(as_text=True)
    assert "Tom Trainer" in html and "Les een herschreven" in html and "opdrachtregel (courses sync)" in html
    assert db.session.scalar(select(CourseDraft)).base_version_id == second.id


def test_publishing_is_refused_with_errors_and_without_changes(client, trainer, course, db):
    assert "Er is niets nieuws om te publiceren" in client.get("/auteur/testcursus/publiceren").get_data(as_text=True)
    same = submit(client, "/auteur/testcursus/publiceren", {}, follow_redirects=True)
    assert "Er is niets veranderd ten opzichte van de nieuwste versie." in same.get_data(as_text=True)
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": "---\ntitel: Fout\n---\n"})
    refused = publish(client)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Publiceren kan nog niet" in html
    assert "01-begin/01-een.md:2:" in html
    assert len(versions(db)) == 1


def test_member_halfway_stays_on_the_old_version_and_a_new_member_gets_the_new(client, login_as, course, db):
    halfway = login_as(Role.MEMBER)
    complete(client, "/leren/testcursus/begin/een")
    complete(client, "/leren/testcursus/begin/twee")

    edit_and_publish(client, login_as)

    login_as(Role.MEMBER, email=halfway.email + ".x")  # someone new
    assert "De nieuwe tekst van les een." in client.get("/leren/testcursus/begin/een").get_data(as_text=True)
    sign_in(client, halfway)
    old_page = client.get("/leren/testcursus/begin/een").get_data(as_text=True)
    assert "De nieuwe tekst" not in old_page and "Zie ook" in old_page
    course_page = client.get("/leren/testcursus").get_data(as_text=True)
    assert "Versie 1" in course_page and "Voortgang: 2 van 5 lessen gedaan" in course_page
    for path in ("begin/drie", "verder/vier", "verder/vijf"):
        complete(client, f"/leren/testcursus/{path}")
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == halfway.id))
    assert certificate.course_version == 1 and certificate.version_id == versions(db)[0].id


def test_attempts_and_progress_keep_their_version(client, login_as, activity_version, db):
    member = login_as(Role.MEMBER)
    quiz = Player(client, QUIZ)
    quiz.start()
    quiz.answer(0, "b")
    scenario = Player(client, SCENARIO)
    scenario.start()
    scenario.choose("tribune", "tribune-1")

    edit_and_publish(client, login_as)

    sign_in(client, member)
    old, new = versions(db)
    attempts = db.session.scalars(select(Attempt).where(Attempt.user_id == member.id)).all()
    assert {a.lesson.version_id for a in attempts} == {old.id}
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 2
    assert "Vraag 2 van 3" in quiz.page()  # carries on where it was, in the old version
    assert quiz.answer(1, "a", "b").status_code == 302
    assert "De vergadering is geschorst" in scenario.page()
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == member.id))
    assert enrollment.version_id == old.id
    progress = db.session.scalars(select(LessonProgress).where(LessonProgress.enrollment_id == enrollment.id)).all()
    assert all(p.lesson.version_id == old.id for p in progress)


def test_diff_between_two_versions(client, trainer, course, db):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": NEW_TEXT})
    publish(client)
    html = client.get("/auteur/testcursus/versies/vergelijk?van=1&naar=2").get_data(as_text=True)
    assert "01-begin/01-een.md" in html and "gewijzigd" in html
    assert '<span class="diff__add">+De nieuwe tekst van les een.</span>' in html
    assert '<span class="diff__del">-title: Les een</span>' in html
    assert "01-begin/02-twee.md" not in html  # unchanged files are not listed
    assert client.get("/auteur/testcursus/versies/vergelijk?van=1&naar=9").status_code == 404


def test_rollback_publishes_the_old_version_again(client, trainer, course, db):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": NEW_TEXT})
    publish(client)
    response = submit(client, "/auteur/testcursus/versies/1/terugzetten", {"note": "Toch de oude tekst"})
    assert response.status_code == 302
    first, second, third = versions(db)
    assert third.files == first.files and third.content_hash == first.content_hash
    assert second.files[LESSON] == NEW_TEXT  # history is kept
    publication = db.session.scalar(select(Publication).where(Publication.version_id == third.id))
    assert publication.restored_from == 1 and publication.source == "rollback"
    assert db.session.scalar(select(CourseDraft)).files == first.files
    assert "Versie 1 teruggezet." in client.get("/auteur/testcursus/versies").get_data(as_text=True)
    again = submit(client, "/auteur/testcursus/versies/3/terugzetten", {}, follow_redirects=True)
    assert "al gelijk aan de nieuwste versie" in again.get_data(as_text=True) and len(versions(db)) == 3


def test_history_query_count_does_not_grow(client, trainer, course, db, count_queries):
    submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": NEW_TEXT})
    publish(client)
    with count_queries() as few:
        client.get("/auteur/testcursus/versies")
    for n in range(5):
        submit(client, f"/auteur/testcursus/bestand/{LESSON}", {"text": NEW_TEXT + f"\nRonde {n}.\n"})
        publish(client, note=f"ronde {n}")
    with count_queries() as many:
        html = client.get("/auteur/testcursus/versies").get_data(as_text=True)
    assert "ronde 4" in html
    assert len(many) == len(few)
