"""Browser tests: a live server with the demo data, Debian's Chromium through Playwright, and axe-core.

Everything in tests/browser is marked `browser`. When Chromium, Playwright or axe-core is missing the
tests are skipped and a banner says so at the end of the run; with REQUIRE_BROWSER=1 they fail instead.
WL_CHROMIUM overrides the Chromium path (default /usr/bin/chromium).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, CspWatch, missing_requirements

HERE = Path(__file__).resolve().parent
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"


# --- marking, skipping and the banner ---------------------------------------------------------

_skipped_because: list[str] = []


def _is_browser_item(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_itemcollected(item: pytest.Item) -> None:
    # Marked as soon as collected, so that -m "not browser" can deselect them.
    if _is_browser_item(item):
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)  # after -m/-k deselection, so deselected tests do not raise the banner
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only ours: filter on the path.
    ours = [item for item in items if _is_browser_item(item)]
    missing = missing_requirements()
    if ours and missing and not REQUIRED:
        _skipped_because[:] = missing
        skip = pytest.mark.skip(reason="browser tests need: " + "; ".join(missing))
        for item in ours:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not _skipped_because:
        return
    write = terminalreporter.write_line
    bar = "!" * 78
    terminalreporter.ensure_newline()
    write(bar, red=True, bold=True)
    write("!!  BROWSER TESTS SKIPPED: accessibility and keyboard checks did NOT run.", red=True, bold=True)
    for reason in _skipped_because:
        write(f"!!  - {reason}", red=True, bold=True)
    write("!!  Set REQUIRE_BROWSER=1 to make this a failure (do so in CI).", red=True, bold=True)
    write(bar, red=True, bold=True)


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    missing = missing_requirements()
    if missing:  # only reached with REQUIRE_BROWSER=1; otherwise the items were skipped at collection
        pytest.fail("REQUIRE_BROWSER=1 but the browser tests cannot run:\n  - " + "\n  - ".join(missing), pytrace=False)


# --- the live server --------------------------------------------------------------------------

@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def live_server(browser_requirements, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from werkzeug.serving import WSGIRequestHandler, make_server

    from app import create_app
    from app.courses.services import sync_courses
    from app.demo import seed
    from app.extensions import db
    from config import TestConfig

    base = tmp_path_factory.mktemp("browser")

    class BrowserConfig(TestConfig):
        # Always its own SQLite file, even when TEST_DATABASE_URL points the other tests at PostgreSQL.
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{base / 'browser.sqlite'}"
        MAIL_OUTBOX_DIR = str(base / "outbox")
        # Not RATELIMIT_ENABLED = False: the limiter is one global object, and disabling it
        # here would switch it off for every test that runs after the browser suite.
        LOGIN_RATE_LIMIT = "10000 per minute"
        VERIFY_RATE_LIMIT = "10000 per minute"
        COURSES_DIR = str(ROOT / "courses")

    app = create_app(BrowserConfig)
    with app.app_context():
        db.create_all()
        sync_courses(ROOT / "courses")
        seed()
        db.session.commit()

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)  # 0: a free port
    thread = threading.Thread(target=server.serve_forever, name="browser-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# --- Playwright -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium(browser_requirements) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(chromium, live_server):
    """Make a fresh browser context (own cookies) on the live server; closed after the test.

    Every page the test visits must carry the Content-Security-Policy and cause no CSP violation
    in the console; the test fails at its end otherwise.
    """
    contexts = []
    watch = CspWatch(live_server.url)

    def make(**kwargs):
        kwargs.setdefault("base_url", live_server.url)
        kwargs.setdefault("locale", "nl-NL")
        kwargs.setdefault("viewport", {"width": 1280, "height": 800})
        context = chromium.new_context(**kwargs)
        context.set_default_timeout(10_000)
        watch.attach(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if watch.problems():
        pytest.fail("Content-Security-Policy problems:\n" + watch.problems(), pytrace=False)


@pytest.fixture
def page(new_context):
    return new_context().new_page()
