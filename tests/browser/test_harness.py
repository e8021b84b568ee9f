"""The checks themselves must be able to fail: axe finds known problems, and the h1 rule counts."""
from __future__ import annotations

import pytest

from tests.browser.helpers import assert_axe_clean, assert_one_h1, axe_violations

BROKEN = """<!doctype html><html><head><title>kapot</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/x"></a>
<p style="color:#aaa;background:#fff">te licht</p><input type="text"></body></html>"""


def test_axe_reports_known_violations(page):
    page.set_content(BROKEN)
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "link-name", "color-contrast", "label"} <= found, found
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_axe_clean(page, "broken page")


def test_one_h1_rule(page):
    page.set_content("<main><h1>Een</h1><h1>Twee</h1></main>")
    with pytest.raises(AssertionError, match="2 h1 elements"):
        assert_one_h1(page, "two headings")


def test_csp_watch_sees_a_violation_and_the_header(chromium, live_server):
    from tests.browser.helpers import CspWatch

    watch = CspWatch(live_server.url)
    context = chromium.new_context(base_url=live_server.url)
    try:
        watch.attach(context)
        page = context.new_page()
        page.goto("/login")
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                      " document.body.appendChild(s); }")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.x") is None  # the inline script did not run
    finally:
        context.close()
    assert watch.pages == 1 and watch.missing == []
    assert watch.violations and "script-src" in watch.problems()
