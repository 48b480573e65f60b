"""Real-browser tests: Playwright drives Debian's Chromium against a live server.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install chromium`). Without
it these tests are skipped with a loud notice, unless REQUIRE_BROWSER=1 (as in CI) makes that a
failure.

Playwright's sync API keeps an event loop running in the test thread, beside which Django's ORM
refuses to run unless DJANGO_ALLOW_ASYNC_UNSAFE is set; so `make test` runs these tests in a
pytest run of their own with that variable, never mixed with the others.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but there is no browser at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_collection_finish(session):
    if any("e2e" in item.keywords for item in session.items) and not os.environ.get(
        "DJANGO_ALLOW_ASYNC_UNSAFE"
    ):
        raise pytest.UsageError("The e2e tests need DJANGO_ALLOW_ASYNC_UNSAFE=true (make test).")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page_for(browser, live_server, client):
    """Pages in fresh browser contexts: `page_for(user, language=…, viewport=…)` opens one in
    `language` (its cookie, and the user's preference when signed in), signed in as `user`
    unless None; other keywords go to the context (time zone, JavaScript). Closed after the
    test."""
    contexts = []

    def make(user=None, *, language="en", viewport="desktop", **options):
        context = browser.new_context(
            base_url=live_server.url, viewport=VIEWPORTS[viewport], **options
        )
        contexts.append(context)
        cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
        if user is not None:
            user.language = language
            user.save()
            client.force_login(user)
            session = client.cookies["sessionid"].value
            cookies.append({"name": "sessionid", "value": session, "url": live_server.url})
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
