from __future__ import annotations

import pytest

from app.auth.models import Role


@pytest.fixture
def trainer(login_as):
    return login_as(Role.TRAINER, name="Tom Trainer")


@pytest.fixture
def activity_version(db, tmp_path):
    """The test course with a knowledge check and a scenario, imported as version 1."""
    from app.courses.services import sync_courses
    from tests.coursefiles import activity_course

    version = sync_courses(activity_course(tmp_path / "courses")).created[0]
    db.session.commit()
    return version
