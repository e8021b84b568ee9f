"""A real SMTP server on a free local port (aiosmtpd), slow or refusing on demand."""
from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from app.background import runner_for


@dataclass
class Received:
    to: str
    raw: bytes

    @property
    def message(self):
        return message_from_bytes(self.raw, policy=policy.strict)


@dataclass
class Handler:
    delay: float = 0.0
    refuse: bool = False
    received: list[Received] = field(default_factory=list)
    on_message: object = None  # called with each message as it arrives, from the server's thread

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        if self.refuse:
            return "451 4.3.0 Tijdelijk niet beschikbaar"
        item = Received(envelope.rcpt_tos[0], envelope.original_content)
        if self.on_message:
            self.on_message(item)
        self.received.append(item)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app) -> Iterator[Handler]:
    """Started, and the app pointed at it; the config is put back afterwards."""
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    try:
        yield handler
    finally:
        app.config.update(saved)
        controller.stop()


@pytest.fixture
def in_process_threads(app):
    """The embedded default (`make run` without Redis): a job thread and sender threads."""
    saved = {key: app.config[key] for key in ("BACKGROUND_MODE", "MAIL_SENDER_THREADS", "MAIL_SWEEP_SECONDS")}
    app.config.update(BACKGROUND_MODE="thread", MAIL_SENDER_THREADS=10, MAIL_SWEEP_SECONDS=1)
    app.extensions.pop("background", None)
    runner = runner_for(app)
    yield runner
    runner.stop()
    app.extensions.pop("background", None)
    app.config.update(saved)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
