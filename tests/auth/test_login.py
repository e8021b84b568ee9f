"""Logging in and out, as a council member meets it."""
from __future__ import annotations

import pytest

from app.extensions import limiter
from tests.conftest import csrf_from, submit
from tests.factories import PASSWORD, UserFactory

FAILED = "Het e-mailadres of het wachtwoord klopt niet"


def login(client, email, password=PASSWORD, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return submit(client, url, {"email": email, "password": password})


def test_member_logs_in_and_lands_on_mijn_leeromgeving(client, db):
    UserFactory(email="ruud@gemeente.example", name="Ruud")
    db.session.commit()
    response = login(client, "Ruud@Gemeente.example")  # addresses are not case-sensitive
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "<h1>Mijn leeromgeving</h1>" in page


@pytest.mark.parametrize("email,password", [("ruud@gemeente.example", "fout-wachtwoord"), ("niemand@gemeente.example", PASSWORD)])
def test_failed_login_does_not_reveal_whether_the_address_exists(client, db, email, password):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    response = login(client, email, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and FAILED in html
    assert "niemand@gemeente.example" not in html.replace('value="niemand@gemeente.example"', "")


def test_deactivated_or_uninvited_account_cannot_log_in(client, db):
    UserFactory(email="oud@gemeente.example", active=False)
    UserFactory(email="nieuw@gemeente.example", password=False)
    db.session.commit()
    assert FAILED in login(client, "oud@gemeente.example").get_data(as_text=True)
    assert FAILED in login(client, "nieuw@gemeente.example", "wat-dan-ook").get_data(as_text=True)


def test_empty_form_shows_error_summary_linking_to_fields(client, db):
    html = submit(client, "/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert 'href="#email">Vul je e-mailadres in.</a>' in html
    assert 'href="#password">Vul je wachtwoord in.</a>' in html
    assert 'aria-invalid="true"' in html


def test_next_only_redirects_inside_the_app(client, db):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    assert login(client, "ruud@gemeente.example", next_url="/leren/").headers["Location"] == "/leren/"
    for evil in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]:
        client.post("/uitloggen", data={"csrf_token": csrf_from(client.get("/leren/").get_data(as_text=True))})
        assert login(client, "ruud@gemeente.example", next_url=evil).headers["Location"] == "/"


def test_pages_need_login_and_come_back_after(client, db):
    response = client.get("/leren/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_logout_needs_post_with_csrf(client, db, login_as):
    login_as("member")
    assert client.get("/uitloggen").status_code == 405
    assert client.post("/uitloggen").status_code == 400  # no CSRF token
    assert client.get("/leren/").status_code == 200
    token = csrf_from(client.get("/leren/").get_data(as_text=True))
    assert client.post("/uitloggen", data={"csrf_token": token}).status_code == 302
    assert client.get("/leren/").status_code == 302


def test_post_without_csrf_token_is_refused(client, db):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    response = client.post("/login", data={"email": "ruud@gemeente.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen of niet geldig" in response.get_data(as_text=True)


def test_login_is_rate_limited(app, client, db):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        statuses = [login(client, "iemand@gemeente.example", "fout").status_code for _ in range(4)]
        blocked = login(client, "iemand@gemeente.example", "fout")
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
        limiter.reset()
    assert statuses == [200, 200, 200, 429]
    assert "Je hebt het te vaak geprobeerd" in blocked.get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax(client, db):
    UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    cookie = login(client, "ruud@gemeente.example").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_change_ends_other_sessions(app, client, db):
    from app.auth.services import set_password

    user = UserFactory(email="ruud@gemeente.example")
    db.session.commit()
    login(client, "ruud@gemeente.example")
    assert client.get("/leren/").status_code == 200
    set_password(user, "een-heel-nieuw-wachtwoord")
    db.session.commit()
    assert client.get("/leren/").status_code == 302
