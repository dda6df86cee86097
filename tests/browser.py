"""A real browser for the web tests: Playwright's sync API driving Debian's chromium.

    with watched_page(browser) as page:    # a new page that records what went wrong
        page.goto(f"{base}/")
        ...
    # on leaving the block: no console error, no uncaught error, no CSP violation, no dialog

`browser` (a module fixture of the test files that use it) launches /usr/bin/chromium
with no download, sandbox or network side channels; without it the tests fail saying
to `apt-get install chromium`, never skip. `Watch` records console errors, page errors,
Content-Security-Policy violations (a listener the page gets before any of its own
scripts run) and dialogs (each dismissed: an alert() that fires is an injection).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
# Runs in every document before its own scripts: CSP violations land in a list the test reads.
LISTEN_FOR_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@contextmanager
def launched() -> Iterator[Browser]:
    """Debian's chromium under Playwright, closed at the end."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What went wrong on a page: console errors, page errors, CSP violations, dialogs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append(f"console {message.type}: {message.text}")

    def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def violations(page: Page) -> list[str]:
    """The CSP violations the page's document saw."""
    return page.evaluate("window.__violations || []")


@contextmanager
def watched_page(browser: Browser, watch: Watch | None = None) -> Iterator[Page]:
    """A new page in a new context; on leaving, the test fails on anything `Watch` saw
    (the CSP violations of the last document shown included)."""
    watch = watch or Watch()
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(LISTEN_FOR_CSP)
    page = context.new_page()
    page.on("console", watch.console)
    page.on("pageerror", lambda error: watch.errors.append(f"page error: {error}"))
    page.on("dialog", watch.dialog)
    try:
        yield page
        watch.errors += [f"CSP violation: {v}" for v in violations(page)]
    finally:
        context.close()
    assert watch.errors == [], watch.errors
    assert watch.dialogs == [], watch.dialogs


def visit(page: Page, url: str) -> None:
    """Open `url` and wait until the page and its scripts have run; fails on a non-2xx."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    assert violations(page) == [], f"{url}: {violations(page)}"
