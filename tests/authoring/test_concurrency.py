"""Two trainers saving different files of one draft at the same moment both keep their change (PostgreSQL)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.authoring import services
from app.authoring.models import CourseDraft
from app.auth.models import User
from app.extensions import db as _db
from tests.conftest import IS_POSTGRES
from tests.coursefiles import lesson_md

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL for real concurrency")


def test_concurrent_saves_of_different_files_are_both_kept(app, client, trainer, course, db):
    draft_id, trainer_id = services.open_draft(course.course, trainer).id, trainer.id
    db.session.commit()
    paths = ["01-begin/01-een.md", "01-begin/02-twee.md"]
    loaded = threading.Barrier(2)
    errors: list[Exception] = []

    def save(i: int) -> None:
        with app.app_context():
            try:
                draft = _db.session.get(CourseDraft, draft_id)
                _ = draft.files  # both have read the draft before either saves
                loaded.wait()
                services.save_file(draft, paths[i], lesson_md(f"Door {i}"), _db.session.get(User, trainer_id))
                _db.session.commit()
            except Exception as exc:  # noqa: BLE001 -- reported below
                _db.session.rollback()
                errors.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    db.session.expire_all()
    files = db.session.scalar(select(CourseDraft)).files
    assert "title: Door 0" in files[paths[0]] and "title: Door 1" in files[paths[1]]
