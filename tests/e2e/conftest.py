import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the test only touches the DB between pages.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Screenshots of the browser journeys: a git-ignored test artifact
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def chromium_status(*, ci: bool, path: str | None) -> tuple[str, str]:
    """("run", path), or ("skip" | "fail", reason): outside CI a missing Chromium skips the browser
    journeys with the reason printed; with CI=true it is an error, so CI never passes without them."""
    if path:
        return "run", path
    reason = f"Chromium not installed ({CHROMIUM} missing; apt-get install -y chromium)"
    return ("fail" if ci else "skip"), reason


def _chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    status, detail = chromium_status(ci=os.environ.get("CI", "").lower() == "true", path=_chromium_path())
    if status == "fail":
        pytest.fail(f"CI=true and {detail}: the browser journeys must run in CI", pytrace=False)
    if status == "skip":
        print(f"\nbrowser tests skipped: {detail}")
        pytest.skip(detail)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=detail,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    page.goto("about:blank")  # no request of this test still in flight on the live server after it
    context.close()


@pytest.fixture
def shot(request):
    """shot(page, "step") saves test-artifacts/screenshots/<test>/<nn>-<step>.png (full page)."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, name: str) -> Path:
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
