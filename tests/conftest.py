"""Fixtures: app, db, client, login_as, factories, a course on disk, and a query counter."""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app import create_app, fragments, kept
from app.auth.models import Role, User
from app.courses import version_cache
from app.learn import sidebar, task_list
from app.extensions import db as _db
from config import TestConfig
from tests import factories
from tests.coursefiles import write_course

IS_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_sessionstart(session: pytest.Session) -> None:
    # `make test` compiles the catalogues; this covers a bare `pytest` after editing a .po.
    from app.i18n_tools import compile_all

    compile_all()


class RequestIsolatingClient(FlaskClient):
    """Each request gets its own app context, so its own db session and g, as in production.

    Without this, requests made inside the test's app context share g (and Flask-Login's
    cached user) with each other and with the test.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    class Config(TestConfig):
        MAIL_OUTBOX_DIR = str(tmp_path_factory.mktemp("outbox"))
        if not IS_POSTGRES:
            # A file, not :memory:, so threads in the concurrency tests see one database.
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"

    app = create_app(Config)
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Iterator:
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        version_cache.clear()  # emptied tables hand out the same ids again
        sidebar.clear()
        task_list.clear()
        fragments.clear(app)
        kept.clear(app)
        # Empty every table, children first, so each test starts clean.
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def client(app: Flask, db) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def outbox(app: Flask) -> Iterator[Callable[[], list[str]]]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    for path in folder.glob("*.eml"):
        path.unlink()

    def messages() -> list[str]:
        import email
        from email import policy

        out = []
        for path in sorted(folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            out.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{message.get_content()}")
        return out

    yield messages


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def submit(client: FlaskClient, url: str, data: dict, page: str | None = None, **kwargs):
    """Post a form as a browser does: load the page with the form, send its CSRF token back."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_from(html)}, **kwargs)


def sign_in(client: FlaskClient, user: User) -> None:
    """Give the client a logged-in session for the user, as a completed login does (server-side row included)."""
    from app.auth.sessions import SESSION_KEY, start

    token = start(user)
    _db.session.commit()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.session_token
        session["_fresh"] = True
        session[SESSION_KEY] = token


@pytest.fixture
def login_as(client: FlaskClient, db) -> Callable[..., User]:
    """Log the client in as a new user of the given role (and organisation); staff have a second factor."""

    def login(role: Role | str = Role.MEMBER, **kwargs) -> User:
        user = factories.UserFactory(role=Role(role), **kwargs)
        _db.session.commit()
        sign_in(client, user)
        return user

    return login


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A small valid course on disk: two modules, five lessons."""
    return write_course(tmp_path / "courses")


@pytest.fixture
def course(db, course_dir: Path):
    from app.courses.services import sync_courses

    report = sync_courses(course_dir)
    _db.session.commit()
    return report.created[0]


@pytest.fixture
def count_queries(db) -> Callable:
    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany) -> None:
            statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", record)

    return counting
