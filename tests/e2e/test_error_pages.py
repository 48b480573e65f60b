"""Error pages in a real browser, desktop and phone, English and Arabic: they fit the screen, keep
the site's header, and a certificate link shown inside Arabic text reads left to right."""

import pytest

from tests.e2e.conftest import VIEWPORTS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = {
    "error-404": ("/no-such-page/", 404),
    "error-verify-404": ("/verify/not-a-uuid/", 404),
    "error-403": ("/test-errors/forbidden/", 403),
    "error-500": ("/test-errors/broken/", 500),
}


@pytest.fixture
def error_site(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.error_urls"  # the site's URLs plus a 403 and a 500


def rendered_left(page, selector: str, text: str) -> float:
    """Where the last `text` inside the element starts on screen (its left edge)."""
    return page.evaluate(
        """([selector, text]) => {
            const node = document.querySelector(selector).firstChild;
            const range = document.createRange();
            const start = node.textContent.lastIndexOf(text);
            range.setStart(node, start);
            range.setEnd(node, start + text.length);
            return range.getBoundingClientRect().left;
        }""",
        [selector, text],
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_error_pages_fit_the_screen_in_both_directions(
    browser, live_server, error_site, language, viewport
):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport])
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        for name, (path, status) in PAGES.items():
            response = page.goto(path)
            assert response.status == status, name
            assert page.locator("html").get_attribute("dir") == (
                "rtl" if language == "ar" else "ltr"
            )
            assert page.locator(".site-header .brand").is_visible(), name
            assert page.locator(".way-forward a[href='/courses/']").is_visible(), name
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px ({language} {viewport})"
            screenshot(page, f"{name}-{language}-{viewport}")
        page.goto("/verify/not-a-uuid/")
        # The example link keeps its order in Arabic: left to right, its final slash last (an
        # unisolated link in right-to-left text shows that slash at its left end).
        example = ".example-link"
        assert rendered_left(page, example, "://") < rendered_left(page, example, "/verify/")
        assert rendered_left(page, example, "xxxxxxxxxxxx") < rendered_left(page, example, "/")
    finally:
        context.close()
