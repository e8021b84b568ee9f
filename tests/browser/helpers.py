"""Paths, requirements and page helpers shared by the browser tests (kept importable without Playwright)."""
from __future__ import annotations

import importlib.util
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the suite is skipped (or fails under REQUIRE_BROWSER=1) before expect is needed
    expect = None

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("WL_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing_requirements() -> list[str]:
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("python package playwright is not installed (pip install -r requirements-dev.txt)")
    if not AXE.is_file():
        missing.append(f"{AXE.relative_to(ROOT)} is missing (run `npm install` in the repository root)")
    return missing


# The last TOTP time step used per demo account: the server refuses a code twice, so a second
# login in the same 30 seconds takes the next step (the server accepts one step of drift).
_last_step: dict[str, int] = {}


def totp_code(email: str) -> str:
    """A code for a demo staff account (enrolled with the demo's fixed secret) not used before."""
    import pyotp

    from app.demo import DEMO_TOTP_SECRET

    totp = pyotp.TOTP(DEMO_TOTP_SECRET)
    while True:
        now = datetime.now(UTC)
        step = totp.timecode(now)
        # The previous step only while it has long to go, so it is still accepted when the form arrives.
        candidates = ([step - 1] if now.timestamp() % 30 < 20 else []) + [step, step + 1]
        for candidate in candidates:
            if candidate > _last_step.get(email, -1):
                _last_step[email] = candidate
                return totp.generate_otp(candidate)
        time.sleep(1)


def login(page, email: str, password: str | None = None) -> None:
    """Log in through the real form, as a person would; staff fill in their code from the demo secret."""
    from app.demo import DEMO_PASSWORD

    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if page.url.endswith("/login/code"):
        page.get_by_label("Code", exact=True).fill(totp_code(email))
        page.get_by_role("button", name="Verder").click()
        page.wait_for_load_state()
    assert "/login" not in page.url, f"login as {email} failed: still on {page.url}"


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script> tag: the Content-Security-Policy rightly blocks inline scripts.
        page.evaluate("() => {\n" + AXE.read_text("utf-8") + "\n}")
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", AXE_TAGS
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  [{violation['helpUrl']}]")
        for node in violation["nodes"][:3]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary[:300]}")
        if len(violation["nodes"]) > 3:
            lines.append(f"    ... and {len(violation['nodes']) - 3} more element(s)")
    return "\n".join(lines)


def assert_axe_clean(page, name: str) -> None:
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe found {len(violations)} WCAG 2.1 AA violation(s) on {name} ({page.url}):\n"
                    + format_violations(violations), pytrace=False)


def assert_one_h1(page, name: str) -> None:
    count = page.locator("h1").count()
    assert count == 1, f"{name} ({page.url}) has {count} h1 elements; expected exactly one"


def assert_help_link(page, name: str) -> None:
    links = page.locator("a[href='/hulp']")
    assert links.count() >= 1, f"{name} ({page.url}) has no link to Hulp en contact"
    expect(links.first).to_have_text("Hulp en contact")


# Elements wider than the viewport that are not inside something that scrolls on its own.
OVERFLOW_JS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const limit = root.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll' || x === 'hidden') return true; }
    return false; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 1 && box.width > 0 && !scrolls(el)) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right=${Math.round(box.right)}`);
      if (out.length >= 5) break;
    }
  }
  return [`page is ${root.scrollWidth}px wide in a ${limit}px viewport`, ...out];
}"""


def assert_no_horizontal_scroll(page, name: str) -> None:
    """WCAG 1.4.10 Reflow: nothing scrolls sideways except inside its own scroll region."""
    problems = page.evaluate(OVERFLOW_JS)
    assert not problems, f"{name} ({page.url}) scrolls sideways: " + "; ".join(problems)


WIDTHS = (1280, 320)


def check_widths(page, name: str) -> None:
    """check_page at both widths the standards name, back at 1280 px afterwards."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        check_page(page, f"{name} at {width}px")
    page.set_viewport_size({"width": 1280, "height": 800})


def check_page(page, name: str) -> None:
    """What every page must pass: exactly one h1, a link to Hulp en contact, no sideways scrolling, no axe violations."""
    # A click that navigates returns once the new page is committed, not parsed: on a busy machine
    # the h1 could still be on its way.
    page.wait_for_load_state("load")
    assert_one_h1(page, name)
    assert_help_link(page, name)
    assert_no_horizontal_scroll(page, name)
    assert_axe_clean(page, name)


# --- Content-Security-Policy -------------------------------------------------------------------

# Chromium reports a blocked script, style or image in the console; this makes sure every kind of
# violation (also ones Chromium would not log) ends up there too.
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
                + ' on ' + e.documentURI));
"""


class CspWatch:
    """Collects, for one browser context, pages served without a CSP and every CSP violation."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.missing: list[str] = []
        self.violations: list[str] = []
        self.pages = 0

    def attach(self, context) -> None:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("response", self.on_response)
        context.on("console", self.on_console)

    def on_response(self, response) -> None:
        if response.request.resource_type != "document" or not response.url.startswith(self.base_url):
            return
        self.pages += 1
        csp = response.headers.get("content-security-policy", "")
        if "default-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
            self.missing.append(f"{response.status} {response.url}: {csp or 'no Content-Security-Policy'}")

    def on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "CSP violation" in message.text:
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def problems(self) -> str:
        lines = [f"page without the CSP: {m}" for m in self.missing]
        lines += [f"CSP violation: {v}" for v in self.violations]
        return "\n".join(lines)
