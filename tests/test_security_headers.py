"""Security headers on every response, and production settings that refuse to start unsafely."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import create_app
from app.auth.models import Role
from config import ProductionConfig, TestConfig
from tests.factories import CertificateFactory

APP = Path(__file__).resolve().parents[1] / "app"


def _assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "form-action 'self'", "base-uri 'none'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Server" not in response.headers


@pytest.mark.parametrize("path", ["/login", "/verify", "/wachtwoord-vergeten", "/bestaat-niet"])
def test_public_pages_have_the_headers_and_are_not_stored(client, db, path):
    response = client.get(path)
    _assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers  # only in production, over HTTPS


def test_pages_and_downloads_with_personal_data_are_not_stored(client, db, login_as):
    griffier = login_as(Role.GRIFFIER)
    certificate = CertificateFactory(user__organisation=griffier.organisation)
    from app.extensions import db as _db

    _db.session.commit()
    for path in ("/griffie/", "/griffie/overzicht.csv", "/griffie/leden", f"/griffie/certificaten/{certificate.id}.pdf",
                 "/account"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store", path


def test_static_files_may_be_cached(client, db):
    response = client.get("/static/css/weerbaar.css")
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


class _Production(ProductionConfig):
    SECRET_KEY = "a-real-secret-for-this-test"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "redis://redis.internal:6379/0"  # never connected: the refusal comes first
    MAIL_SERVER = "smtp.gemeente.example"


def test_production_sends_hsts_and_a_secure_host_only_cookie(app):
    # Not a second app: the limiter is one global object and would keep the production storage.
    from flask import Response

    from app.security import add_headers

    with app.test_request_context("/login"):
        response = add_headers(Response("x"), production=True, hsts_max_age=ProductionConfig.HSTS_MAX_AGE)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert ProductionConfig.SESSION_COOKIE_NAME == "__Host-session" and ProductionConfig.SESSION_COOKIE_SECURE


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("RATELIMIT_STORAGE_URI", "memory://", "RATELIMIT_STORAGE_URI"),
    ("MAIL_SERVER", "", "MAIL_SERVER"),
])
def test_production_refuses_to_start_without_shared_limits_or_mail(setting, value, message):
    broken = type("Broken", (_Production,), {setting: value})
    with pytest.raises(RuntimeError, match=message):
        create_app(broken)


def test_development_starts_without_them():
    from app.security import check_production_config

    check_production_config({**vars(TestConfig), "IS_PRODUCTION": False, "RATELIMIT_STORAGE_URI": "memory://",
                             "MAIL_SERVER": ""})


INLINE = re.compile(r"""<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:""", re.IGNORECASE)


def test_no_template_or_script_has_inline_script_style_or_handlers():
    """The CSP forbids them; a browser would silently ignore them, so catch them here."""
    offenders = []
    for path in [*APP.glob("templates/**/*.html"), *APP.glob("static/js/*.js")]:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if INLINE.search(line) and ".style." not in line:
                offenders.append(f"{path.relative_to(APP)}:{number}: {line.strip()}")
    assert offenders == []
