"""Sessions end on the server: a copied cookie is worthless after logout, and idle sessions expire."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.auth.models import Role, UserSession
from tests.auth.helpers import password_step, staff_login
from tests.conftest import csrf_from, submit
from tests.factories import PASSWORD, UserFactory


def _copy_cookie(source, target) -> None:
    """Another browser (or an attacker) with the same session cookie."""
    cookie = source.get_cookie("session")
    target.set_cookie(cookie.key, cookie.value)


def test_cookie_replayed_after_logout_is_refused(client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    password_step(client, "lid@gemeente.example")
    thief = client.application.test_client()
    _copy_cookie(client, thief)
    assert thief.get("/leren/").status_code == 200  # the copy works while the session lives
    submit(client, "/uitloggen", {}, page="/leren/")
    assert thief.get("/leren/").headers["Location"].startswith("/login")
    assert db.session.scalar(select(UserSession)).ended_at is not None


def test_logout_ends_only_this_session_and_overal_uitloggen_ends_all(client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    laptop, phone = client, client.application.test_client()
    password_step(laptop, "lid@gemeente.example")
    password_step(phone, "lid@gemeente.example")
    submit(phone, "/uitloggen", {}, page="/leren/")
    assert laptop.get("/leren/").status_code == 200
    password_step(phone, "lid@gemeente.example")
    account = laptop.get("/account").get_data(as_text=True)
    assert account.count("Ingelogd op") == 2 and account.count("(dit apparaat)") == 1  # both devices listed
    wrong = submit(laptop, "/account/overal-uitloggen", {"password": "niet-mijn-wachtwoord"}, page="/account")
    assert "Dit wachtwoord klopt niet" in wrong.get_data(as_text=True)  # ending sessions asks for the password
    assert phone.get("/leren/").status_code == 200
    response = submit(laptop, "/account/overal-uitloggen", {"password": PASSWORD}, page="/account")
    assert response.headers["Location"] == "/login"
    assert "Je bent overal uitgelogd" in laptop.get("/login").get_data(as_text=True)
    assert phone.get("/leren/").status_code == 302 and laptop.get("/leren/").status_code == 302


def test_password_change_ends_every_other_session(client, db):
    UserFactory(email="lid@gemeente.example", name="Ruud Jansen")
    db.session.commit()
    other = client.application.test_client()
    password_step(client, "lid@gemeente.example")
    password_step(other, "lid@gemeente.example")
    response = submit(client, "/account/wachtwoord", {"current": PASSWORD, "password": "drie-nieuwe-woorden",
                                                      "confirm": "drie-nieuwe-woorden"})
    assert response.headers["Location"] == "/account"
    assert "Op andere apparaten ben je uitgelogd" in client.get("/account").get_data(as_text=True)
    assert other.get("/leren/").status_code == 302


def test_deactivation_ends_the_session(client, db, login_as):
    member = UserFactory(email="lid@gemeente.example")
    db.session.commit()
    member_client = client.application.test_client()
    password_step(member_client, "lid@gemeente.example")
    login_as(Role.GRIFFIER, organisation=member.organisation)
    submit(client, f"/griffie/leden/{member.id}/deactiveren", {}, page=f"/griffie/leden/{member.id}")
    assert member_client.get("/leren/").status_code == 302


def test_login_starts_a_new_session_with_a_new_csrf_token(client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    before_cookie = client.get_cookie("session")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"  # session fixation: anything set before login is dropped
        token_before = session["csrf_token"]
    password_step(client, "lid@gemeente.example")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != token_before
    page = client.get("/leren/").get_data(as_text=True)
    assert csrf_from(page)  # a fresh token works for the next form
    assert before_cookie is None or before_cookie.value != client.get_cookie("session").value


@pytest.mark.parametrize(("role", "idle"), [(Role.MEMBER, timedelta(hours=4)), (Role.GRIFFIER, timedelta(minutes=30))])
def test_idle_session_expires(client, db, role, idle):
    start = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        user = UserFactory(email="iemand@gemeente.example", role=role)
        db.session.commit()
        if role == Role.MEMBER:
            password_step(client, user.email)
        else:
            staff_login(client, user.email)
    home = "/leren/" if role == Role.MEMBER else "/griffie/"
    with time_machine.travel(start + idle - timedelta(minutes=1), tick=False):
        assert client.get(home).status_code == 200  # activity moves the idle clock on
    last_seen = start + 2 * idle - timedelta(minutes=3)
    with time_machine.travel(last_seen, tick=False):
        assert client.get(home).status_code == 200
    with time_machine.travel(last_seen + idle + timedelta(minutes=1), tick=False):
        response = client.get(home)
        assert response.headers["Location"].startswith("/login")
        assert "Je was een tijd niet actief" in client.get("/login").get_data(as_text=True)


def test_absolute_lifetime_ends_even_an_active_session(app, client, db):
    start = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        UserFactory(email="lid@gemeente.example")
        db.session.commit()
        password_step(client, "lid@gemeente.example")
    lifetime = app.config["SESSION_ABSOLUTE_LIFETIME"]
    moment = start
    while moment < start + lifetime - timedelta(hours=1):  # busy all day, never idle
        moment += timedelta(hours=1)
        with time_machine.travel(moment, tick=False):
            assert client.get("/leren/").status_code == 200
    with time_machine.travel(start + lifetime + timedelta(minutes=1), tick=False):
        assert client.get("/leren/").status_code == 302
        assert "Je sessie is verlopen" in client.get("/login").get_data(as_text=True)


def test_only_a_hash_of_the_session_token_is_stored(client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    password_step(client, "lid@gemeente.example")
    with client.session_transaction() as session:
        token = session["_sid"]
    assert token not in db.session.scalar(select(UserSession.token_hash))


def test_account_page_queries_do_not_grow_with_sessions(client, db, login_as, count_queries):
    from app.auth.sessions import start

    user = login_as(Role.MEMBER)
    client.get("/account")
    with count_queries() as few:
        client.get("/account")
    for _ in range(5):
        start(user)
    db.session.commit()
    with count_queries() as many:
        html = client.get("/account").get_data(as_text=True)
    assert html.count("Ingelogd op") == 6
    assert len(many) == len(few)


def test_one_other_session_can_be_ended_with_the_password(client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    laptop, phone = client, client.application.test_client()
    password_step(phone, "lid@gemeente.example")
    password_step(laptop, "lid@gemeente.example")
    rows = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()
    phone_row, laptop_row = rows
    assert f"/account/sessies/{phone_row.id}" in laptop.get("/account").get_data(as_text=True)
    assert laptop.get(f"/account/sessies/{laptop_row.id}").status_code == 404  # this device: use Uitloggen
    wrong = submit(laptop, f"/account/sessies/{phone_row.id}", {"password": "fout-wachtwoord"})
    assert "Dit wachtwoord klopt niet" in wrong.get_data(as_text=True)
    assert phone.get("/leren/").status_code == 200
    done = submit(laptop, f"/account/sessies/{phone_row.id}", {"password": PASSWORD})
    assert done.headers["Location"] == "/account"
    assert phone.get("/leren/").status_code == 302 and laptop.get("/leren/").status_code == 200


def test_someone_elses_session_answers_404(client, db, login_as):
    other = UserFactory(email="ander@gemeente.example")
    db.session.commit()
    password_step(client.application.test_client(), other.email)
    foreign = db.session.scalar(select(UserSession).where(UserSession.user_id == other.id))
    login_as(Role.GRIFFIER, organisation=other.organisation)
    assert client.get(f"/account/sessies/{foreign.id}").status_code == 404
    assert client.get("/account/sessies/99999999999").status_code == 404
