"""TOTP second factor: required for staff, offered to members, codes work once, guessing is throttled."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import RecoveryCode, Role, User
from app.extensions import limiter
from tests.auth.helpers import code_step, password_step, recovery_codes_on_page, secret_on_page, staff_login, totp_code
from tests.conftest import csrf_from, submit
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory


def _enrol_at_login(client, email: str) -> tuple[str, list[str]]:
    response = password_step(client, email)
    assert response.headers["Location"] == "/login/tweestap-instellen"
    page = client.get("/login/tweestap-instellen").get_data(as_text=True)
    secret = secret_on_page(page)
    done = submit(client, "/login/tweestap-instellen", {"code": pyotp.TOTP(secret).now()})
    return secret, recovery_codes_on_page(done.get_data(as_text=True))


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.TRAINER, Role.ADMIN])
def test_staff_without_second_factor_must_enrol_before_reaching_anything(client, db, role):
    UserFactory(email="staf@gemeente.example", role=role, second_factor=False)
    db.session.commit()
    response = password_step(client, "staf@gemeente.example")
    assert response.headers["Location"] == "/login/tweestap-instellen"
    for page in ("/", "/griffie/", "/auteur/", "/beheer/", "/account"):
        assert client.get(page).headers["Location"].startswith("/login?next=")  # not logged in yet
    page = client.get("/login/tweestap-instellen").get_data(as_text=True)
    assert '<img class="qr" src="data:image/svg+xml' in page and "<script" not in page
    wrong = submit(client, "/login/tweestap-instellen", {"code": "000000"}).get_data(as_text=True)
    assert "Deze code klopt niet" in wrong and 'aria-invalid="true"' in wrong
    secret = secret_on_page(page)
    done = submit(client, "/login/tweestap-instellen", {"code": pyotp.TOTP(secret).now()})
    codes = recovery_codes_on_page(done.get_data(as_text=True))
    assert done.status_code == 200 and len(set(codes)) == 10
    assert client.get("/account").status_code == 200  # now logged in
    user = db.session.scalar(select(User).where(User.email == "staf@gemeente.example"))
    assert user.has_second_factor and secret not in (user.totp_secret or "")  # stored encrypted
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes


def test_member_logs_in_with_password_alone_until_they_switch_it_on(client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    other_device = client.application.test_client()
    password_step(other_device, "lid@gemeente.example")
    assert password_step(client, "lid@gemeente.example").headers["Location"] == "/"
    page = client.get("/account/tweestap").get_data(as_text=True)
    secret = secret_on_page(page)
    no_password = submit(client, "/account/tweestap", {"code": pyotp.TOTP(secret).now(), "password": "fout"})
    assert "Dit wachtwoord klopt niet" in no_password.get_data(as_text=True)  # re-authentication first
    done = submit(client, "/account/tweestap", {"code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert len(recovery_codes_on_page(done.get_data(as_text=True))) == 10
    assert "Staat aan" in client.get("/account").get_data(as_text=True)  # this device stays logged in
    assert other_device.get("/leren/").status_code == 302  # the others are logged out
    submit(client, "/account/overal-uitloggen", {"password": PASSWORD}, page="/account")
    assert password_step(client, "lid@gemeente.example").headers["Location"] == "/login/code"


def test_member_switches_it_off_with_their_password(client, db, login_as):
    member = login_as(Role.MEMBER, second_factor=True)
    wrong = submit(client, "/account/tweestap/uitzetten", {"password": "fout"})
    assert "Dit wachtwoord klopt niet" in wrong.get_data(as_text=True)
    submit(client, "/account/tweestap/uitzetten", {"password": "een-goed-wachtwoord"})
    db.session.refresh(member)
    assert not member.has_second_factor


def test_staff_cannot_switch_it_off(client, db, login_as):
    login_as(Role.GRIFFIER)
    assert client.get("/account/tweestap/uitzetten").status_code == 403


def test_a_code_works_once(client, db):
    UserFactory(email="griffier@gemeente.example", role=Role.GRIFFIER)
    db.session.commit()
    code = totp_code()
    password_step(client, "griffier@gemeente.example")
    assert code_step(client, code).headers["Location"] == "/"
    submit(client, "/account/overal-uitloggen", {"password": PASSWORD}, page="/account")
    password_step(client, "griffier@gemeente.example")
    replay = code_step(client, code)
    assert replay.status_code == 200 and "al gebruikt" in replay.get_data(as_text=True)
    assert client.get("/griffie/").status_code == 302
    # An older code than the last one used is refused too, even inside the clock-drift window.
    assert code_step(client, totp_code(offset=-1)).status_code == 200
    assert code_step(client, totp_code(offset=1)).headers["Location"] == "/"


def test_recovery_code_works_once(client, db):
    UserFactory(email="trainer@gemeente.example", role=Role.TRAINER, second_factor=False)
    db.session.commit()
    _, codes = _enrol_at_login(client, "trainer@gemeente.example")
    submit(client, "/account/overal-uitloggen", {"password": PASSWORD}, page="/account")
    password_step(client, "trainer@gemeente.example")
    used = code_step(client, codes[0].upper())  # read from paper: case does not matter
    assert used.headers["Location"] == "/"
    assert "Je hebt nog 9 herstelcodes" in client.get("/account").get_data(as_text=True)
    submit(client, "/account/overal-uitloggen", {"password": PASSWORD}, page="/account")
    password_step(client, "trainer@gemeente.example")
    assert "Deze code klopt niet" in code_step(client, codes[0]).get_data(as_text=True)


def test_guessing_codes_is_throttled_per_account(app, client, db):
    UserFactory(email="griffier@gemeente.example", role=Role.GRIFFIER)
    db.session.commit()
    app.config["TOTP_RATE_LIMIT"] = "3 per 5 minutes"
    limiter.reset()
    try:
        password_step(client, "griffier@gemeente.example")
        statuses = [code_step(client, f"{n:06d}").status_code for n in range(3)]
        blocked = code_step(client, totp_code())  # even the right code waits now
    finally:
        app.config["TOTP_RATE_LIMIT"] = "1000 per minute"
        limiter.reset()
    assert statuses == [200, 200, 200]
    assert blocked.status_code == 429 and "Te veel pogingen" in blocked.get_data(as_text=True)
    assert client.get("/griffie/").status_code == 302


def test_the_step_between_password_and_code_expires(client, db):
    UserFactory(email="griffier@gemeente.example", role=Role.GRIFFIER)
    db.session.commit()
    password_step(client, "griffier@gemeente.example")
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=11)):
        response = client.get("/login/code")
        assert response.headers["Location"] == "/login"
        assert "het inloggen duurde te lang" in client.get("/login").get_data(as_text=True)


def test_administrator_resets_a_second_factor_and_it_is_recorded(client, db, login_as):
    griffier = UserFactory(email="griffier@gemeente.example", role=Role.GRIFFIER)
    db.session.commit()
    other = client.application.test_client()
    staff_login(other, "griffier@gemeente.example")
    assert other.get("/griffie/").status_code == 200
    admin = login_as(Role.ADMIN)
    page = f"/beheer/organisaties/{griffier.organisation_id}"
    assert "Resetten" in client.get(page).get_data(as_text=True)
    response = submit(client, f"/beheer/accounts/{griffier.id}/tweestap-resetten", {}, page=page)
    assert response.headers["Location"] == page
    db.session.refresh(griffier)
    assert not griffier.has_second_factor
    assert other.get("/griffie/").status_code == 302  # the griffier's open session has ended
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "totp.reset"))
    assert entry.actor_id == admin.id and entry.target_id == griffier.id
    assert password_step(other, "griffier@gemeente.example").headers["Location"] == "/login/tweestap-instellen"


def test_reset_by_someone_else_than_an_administrator_is_refused(client, db, login_as):
    griffier = UserFactory(role=Role.GRIFFIER)
    db.session.commit()
    login_as(Role.GRIFFIER, organisation=griffier.organisation)
    token = csrf_from(client.get("/account").get_data(as_text=True))
    response = client.post(f"/beheer/accounts/{griffier.id}/tweestap-resetten", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.refresh(griffier)
    assert griffier.has_second_factor


def test_secret_is_unreadable_without_the_key(app, db):
    from app.auth.totp import decrypt_secret, encrypt_secret

    sealed = encrypt_secret(TOTP_SECRET)
    assert TOTP_SECRET not in sealed and decrypt_secret(sealed) == TOTP_SECRET
    app.config["TOTP_ENCRYPTION_KEY"] = "een-andere-sleutel"
    try:
        assert decrypt_secret(sealed) is None
    finally:
        app.config["TOTP_ENCRYPTION_KEY"] = ""


def test_demo_totp_prints_the_code_in_development_only(app, db):
    from app.courses.services import sync_courses
    from app.demo import DEMO_TOTP_SECRET, UNENROLLED_STAFF, seed

    sync_courses(app.config["COURSES_DIR"])
    seed()
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "totp", "griffier@voorbeeld.example"])
    assert result.exit_code == 0 and result.output.strip() == pyotp.TOTP(DEMO_TOTP_SECRET).now()
    assert runner.invoke(args=["demo", "totp", UNENROLLED_STAFF]).exit_code == 1
    assert runner.invoke(args=["demo", "totp", "niemand@voorbeeld.example"]).exit_code == 1
    app.config["IS_PRODUCTION"] = True
    try:
        refused = runner.invoke(args=["demo", "totp", "griffier@voorbeeld.example"])
    finally:
        app.config["IS_PRODUCTION"] = False
    assert refused.exit_code == 1 and "Alleen in ontwikkeling" in refused.output


def test_administrator_logs_someone_out_everywhere(client, db, login_as):
    member = UserFactory(email="lid@gemeente.example")
    db.session.commit()
    other = client.application.test_client()
    password_step(other, "lid@gemeente.example")
    login_as(Role.ADMIN)
    page = f"/beheer/organisaties/{member.organisation_id}"
    submit(client, f"/beheer/accounts/{member.id}/uitloggen", {}, page=page)
    assert other.get("/leren/").status_code == 302
    assert db.session.scalar(select(AuditEntry.target_id).where(AuditEntry.action == "sessions.ended")) == member.id


def test_cli_ends_every_session(app, client, db):
    UserFactory(email="lid@gemeente.example")
    db.session.commit()
    password_step(client, "lid@gemeente.example")
    result = app.test_cli_runner().invoke(args=["sessions", "end-all"])
    assert result.exit_code == 0 and "1 sessie(s)" in result.output
    assert client.get("/leren/").status_code == 302


def test_a_reset_link_does_not_skip_the_second_factor(app, client, db):
    from app.auth import tokens

    griffier = UserFactory(email="griffier@gemeente.example", role=Role.GRIFFIER)
    db.session.commit()
    with app.test_request_context():
        link = "/wachtwoord-herstellen/" + tokens.make_token(griffier, tokens.RESET)
    response = submit(client, link, {"password": "mijn-nieuwe-zin-9", "confirm": "mijn-nieuwe-zin-9"})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/griffie/").status_code == 302
    assert code_step(client, totp_code()).headers["Location"] == "/"


def test_administrator_resets_from_the_persons_own_page(client, db, login_as):
    griffier = UserFactory(role=Role.GRIFFIER)
    db.session.commit()
    login_as(Role.ADMIN)
    page = f"/beheer/gebruikers/{griffier.id}"
    assert "Tweestapsverificatie staat aan." in client.get(page).get_data(as_text=True)
    response = submit(client, f"/beheer/accounts/{griffier.id}/tweestap-resetten", {"terug": "gebruiker"}, page=page)
    assert response.headers["Location"] == page
    assert "Tweestapsverificatie staat uit." in client.get(page).get_data(as_text=True)
