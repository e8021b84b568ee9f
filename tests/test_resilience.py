"""Degrade, do not fall over: Redis away, the database away, and the real client behind a proxy."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from app.auth.models import Role
from app.db_types import utcnow
from app.extensions import db as _db
from app.extensions import limiter
from app.mail.models import OutboundEmail
from tests.mail.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


def unreachable_redis() -> str:
    return f"redis://127.0.0.1:{free_port()}/6"  # a free port: nothing listens there


def test_login_and_verify_work_with_the_rate_limit_storage_unreachable(app, tmp_path):
    """In a process of its own: the limiter is one object per process and this must not leak."""
    script = textwrap.dedent(f"""
        import json, logging
        from app import create_app
        from app.extensions import db
        from config import TestConfig
        from tests.factories import UserFactory

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = "sqlite:///{tmp_path / 'limiter.sqlite'}"
            RATELIMIT_STORAGE_URI = "{unreachable_redis()}"
            LOGIN_RATE_LIMIT = "3 per minute"

        warnings = []
        class Keep(logging.Handler):
            def emit(self, record):
                if record.levelno >= logging.WARNING:
                    warnings.append(record.getMessage())
        logging.getLogger("flask-limiter").addHandler(Keep())
        app = create_app(Config)
        with app.app_context():
            db.create_all()
            UserFactory(email="lid@gemeente.example")
            db.session.commit()
        client = app.test_client()
        app.config["WTF_CSRF_ENABLED"] = False
        logins = [client.post("/login", data={{"email": "lid@gemeente.example",
                                               "password": "een-goed-wachtwoord"}}).status_code]
        client = app.test_client()
        logins += [client.post("/login", data={{"email": "lid@gemeente.example", "password": "fout"}}).status_code
                   for _ in range(3)]
        verify = app.test_client().get("/verify").status_code
        print(json.dumps({{"logins": logins, "verify": verify, "warnings": warnings}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # Logged in (302), then wrong passwords until the in-process limit of 3 per minute says 429.
    assert result["logins"] == [302, 200, 200, 429]
    assert result["verify"] == 200
    assert any("falling back to in-memory" in w for w in result["warnings"])


@pytest.fixture
def configured(app):
    saved = dict(app.config)

    def set_(**values):
        app.config.update(values)

    yield set_
    app.config.clear()
    app.config.update(saved)


def test_healthz_reports_each_dependency(client, configured):
    configured(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/6", REDIS_URL=unreachable_redis(), BACKGROUND_MODE="rq")
    response = client.get("/healthz")
    report = response.get_json()
    assert response.status_code == 200  # the site still serves: a load balancer keeps it in
    assert report["status"] == "degraded" and report["database"] == "ok"
    assert report["redis"] == {"rate_limits": "ok", "queue": "unreachable"}


def test_healthz_reports_a_mail_backlog(client, db):
    db.session.add(OutboundEmail(to_address="a@b.example", subject="s", body="b", message_id="<x@y>",
                                 created_at=utcnow() - timedelta(hours=1), next_attempt_at=utcnow() + timedelta(hours=1),
                                 last_error="SMTPServerDisconnected"))
    db.session.commit()
    report = client.get("/healthz").get_json()
    assert report["status"] == "degraded" and report["mail"] == {"waiting": 1, "failed": 0, "late": True}


@pytest.fixture
def database_down(app, db):
    """New connections fail, as when PostgreSQL is restarting; pooled ones are dropped."""
    engine = _db.engine

    def refuse(*args, **kwargs):
        raise engine.dialect.loaded_dbapi.OperationalError("connection refused: the database is down")

    def down() -> None:
        _db.session.close()
        event.listen(engine, "do_connect", refuse)
        engine.dispose()

    yield down
    if event.contains(engine, "do_connect", refuse):
        event.remove(engine, "do_connect", refuse)
    engine.dispose()


@pytest.mark.parametrize("role, page", [(Role.MEMBER, "/leren/"), (Role.GRIFFIER, "/griffie/leden")])
def test_a_database_outage_gives_the_dutch_503_page(client, login_as, database_down, role, page):
    user = login_as(role, name="Zichtbare Naam")
    database_down()
    response = client.get(page)
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "<h1>Even niet beschikbaar</h1>" in html and 'lang="nl"' in html
    assert user.name not in html  # rendered as logged out: the page did not need the database
    assert client.get("/healthz").status_code == 503


def test_behind_a_trusted_proxy_the_limit_counts_each_visitor(app, client, db, configured):
    from app import register_proxy_fix

    configured(LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1, WTF_CSRF_ENABLED=False)
    plain = app.wsgi_app
    register_proxy_fix(app)
    limiter.reset()
    try:
        def attempt(address: str) -> int:
            return client.post("/login", data={"email": "x@y.example", "password": "nee"},
                               headers={"X-Forwarded-For": address}).status_code

        # Two visitors on the same proxy each get their own limit; a third try of one of them is refused.
        assert [attempt("203.0.113.7"), attempt("203.0.113.7"), attempt("198.51.100.20")] == [200, 200, 200]
        assert attempt("203.0.113.7") == 429
        # Without TRUSTED_PROXIES the header is ignored (a visitor could fake it): one address for all.
        app.wsgi_app = plain
        limiter.reset()
        assert [attempt("192.0.2.1"), attempt("192.0.2.2"), attempt("192.0.2.3")] == [200, 200, 429]
    finally:
        app.wsgi_app = plain
        limiter.reset()
