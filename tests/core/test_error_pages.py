"""Error pages (core.views via config.urls' handlers): in the visitor's language, with the site's
header and a way forward; JSON under /api/; the 500 page without the database."""

import re
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils.translation import gettext, override

from accounts import services as account_services

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ar"]
ERRORS_URLS = "tests.core.error_urls"


@pytest.fixture(autouse=True)
def production_errors(settings):
    """Django shows its technical pages under DEBUG; visitors see ours."""
    settings.DEBUG = False


@pytest.fixture
def visitor():
    """A test client that returns the 500 page instead of raising the view's exception."""
    return Client(raise_request_exception=False)


def in_language(client, language, user=None):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        account_services.user_set_language(user=user, language=language)
        client.force_login(user)
    return client


def error_section(response, status: int, language: str) -> str:
    """Check what every error page shares and return its panel's HTML."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    with override(language):
        assert 'class="site-header"' in html
        assert f">{gettext('Crossborder Academy')}</span>" in html  # the brand, translated
        assert '<meta name="robots" content="noindex">' in html
    section = re.search(r'<section class="panel error-page[^"]*".*?</section>', html, re.S)
    assert section, "no error panel"
    return section.group(0)


def assert_way_forward(section: str, language: str, *, my_learning: bool) -> None:
    with override(language):
        assert f'<a href="/">{gettext("Home")}</a>' in section
        assert f'<a href="/courses/">{gettext("Course catalog")}</a>' in section
        assert f'<a href="/frameworks/">{gettext("Competencies")}</a>' in section
        assert (f'<a href="/dashboard/">{gettext("My learning")}</a>' in section) is my_learning
        assert 'action="/courses/"' in section and 'name="q"' in section  # search the catalog
        assert f">{gettext('Search')}</button>" in section


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_address_gets_a_404_page_in_the_visitors_language(visitor, language):
    response = in_language(visitor, language).get("/no-such-page/")

    section = error_section(response, 404, language)
    with override(language):
        assert gettext("Page not found") in section
    assert_way_forward(section, language, my_learning=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_signed_in_learner_is_offered_my_learning_on_the_404_page(visitor, learner, language):
    response = in_language(visitor, language, learner).get("/courses/no-such-course/")

    section = error_section(response, 404, language)
    assert_way_forward(section, language, my_learning=True)
    assert learner.full_name in response.content.decode()  # the header's account menu


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bad_request_gets_a_400_page_in_the_visitors_language(visitor, language):
    # An unknown Host header is the commonest 400 a site sees (SuspiciousOperation).
    response = in_language(visitor, language).get("/", HTTP_HOST="evil.example")

    section = error_section(response, 400, language)
    with override(language):
        assert gettext("The request could not be read") in section
    assert_way_forward(section, language, my_learning=False)


@pytest.mark.urls(ERRORS_URLS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_who_is_not_signed_in_is_offered_login_on_the_403_page(visitor, language):
    response = in_language(visitor, language).get("/test-errors/forbidden/?x=1")

    section = error_section(response, 403, language)
    with override(language):
        assert gettext("You cannot open this page") in section
        assert (
            f'href="/accounts/login/?next=/test-errors/forbidden/%3Fx%3D1">{gettext("Log in")}</a>'
            in section
        )
    assert_way_forward(section, language, my_learning=False)


@pytest.mark.urls(ERRORS_URLS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_signed_in_learner_is_told_the_account_has_no_access_on_the_403_page(
    visitor, learner, language
):
    response = in_language(visitor, language, learner).get("/test-errors/forbidden/")

    section = error_section(response, 403, language)
    with override(language):
        assert gettext("Your account does not have access to this page.")[:20] in section
    assert "/accounts/login/" not in section
    assert_way_forward(section, language, my_learning=True)


@pytest.mark.urls(ERRORS_URLS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bug_gets_a_500_page_in_the_learners_language(visitor, learner, language):
    response = in_language(visitor, language, learner).get("/test-errors/broken/")

    section = error_section(response, 500, language)
    with override(language):
        assert gettext("Something went wrong on our side") in section
    # Who is signed in is not looked up: the way forward offers My learning to everyone, and the
    # header's account menu is hidden rather than showing "Log in" to a signed-in learner.
    assert_way_forward(section, language, my_learning=True)
    html = response.content.decode()
    assert learner.full_name not in html
    assert ".site-header .account-menu { display: none; }" in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_database_down_gets_a_503_page_in_the_cookies_language_with_a_retry_hint(
    visitor, learner, language, signed_in
):
    """The database is the likeliest thing to have failed: the page must not need it. Signed in,
    the session lookup is the first to fail; anonymous, the catalog's own query."""
    in_language(visitor, language, learner if signed_in else None)
    if signed_in:
        account_services.user_set_language(user=learner, language="en")  # the cookie must win
    down = OperationalError("the database is down")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=down) as cursor:
        response = visitor.get("/courses/")

    assert cursor.called, "the request never reached the database"
    section = error_section(response, 503, language)
    assert response["Retry-After"] == "30"
    with override(language):
        assert gettext("The site is briefly unavailable") in section
        assert gettext("Something went wrong on our side") not in section
    assert_way_forward(section, language, my_learning=True)


def test_the_database_down_under_the_api_is_a_json_503(visitor, learner):
    visitor.force_login(learner)
    down = OperationalError("the database is down")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=down):
        response = visitor.get("/api/v1/enrollments/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "unavailable"


def test_an_unknown_api_address_gets_the_apis_json_404(visitor):
    response = visitor.get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_an_api_endpoints_own_404_is_still_json(visitor, learner):
    visitor.force_login(learner)
    response = visitor.get("/api/v1/courses/no-such-course/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == "not_found"


@pytest.mark.urls(ERRORS_URLS)
def test_a_bug_under_the_api_gets_a_json_500(visitor):
    response = visitor.get("/api/v1/test-errors/broken/")

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred.", "code": "error"}
