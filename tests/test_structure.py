"""How the feature packages depend on each other: lower packages never import higher ones."""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

APP = Path(__file__).resolve().parents[1] / "app"
IMPORT = re.compile(r"^\s*(?:from|import) app\.(\w+)", re.M)
FEATURES = {"assignments", "learn", "quizzes", "certificates", "griffie"}


def imports_of(package: str) -> set[str]:
    found = set()
    for path in (APP / package).rglob("*.py"):
        found |= {name for name in IMPORT.findall(path.read_text(encoding="utf-8")) if name != package}
    return found


def test_no_feature_package_imports_another_in_a_circle():
    graph = {package: imports_of(package) & FEATURES for package in FEATURES}
    circles = [(a, b) for a in FEATURES for b in graph[a] if a in graph.get(b, set())]
    assert circles == []
    assert graph["assignments"] == set()  # who must take which course sits below them all
    assert "certificates" not in graph["learn"] and "quizzes" not in graph["learn"]


def test_finishing_a_course_is_announced_and_certificates_listen(course, db, login_as):
    from app.certificates.models import Certificate
    from app.learn import services as learn
    from app.learn.signals import course_completed

    member = login_as()
    heard = []

    def listener(enrollment, **_extra):
        heard.append(enrollment.id)

    course_completed.connect(listener)
    try:
        enrollment = learn.start_enrollment(member, course)
        for lesson in course.lessons:
            learn.complete_lesson(enrollment, lesson)
    finally:
        course_completed.disconnect(listener)
    assert heard == [enrollment.id]  # once, at the moment it became complete
    assert db.session.scalar(select(Certificate).where(Certificate.user_id == member.id)) is not None
