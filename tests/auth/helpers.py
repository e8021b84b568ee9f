"""Logging in through the real forms, second factor included."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp

from tests.conftest import submit
from tests.factories import PASSWORD, TOTP_SECRET


def password_step(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return submit(client, url, {"email": email, "password": password})


def code_step(client, code: str):
    return submit(client, "/login/code", {"code": code})


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(datetime.now(UTC)) + offset)


def staff_login(client, email: str, offset: int = 0):
    """Password, then a TOTP code; `offset` picks a neighbouring time step for a second login."""
    response = password_step(client, email)
    assert response.headers["Location"] == "/login/code", response.status_code
    return code_step(client, totp_code(offset=offset))


def secret_on_page(html: str) -> str:
    match = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', html)
    assert match, "no manual key on the page"
    return match.group(1).replace(" ", "")


def recovery_codes_on_page(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", html)
