"""Anonymous pages set no cookie and do not vary on cookies, so a proxy may keep them; only the
pages with a form that needs a CSRF token set one. The language switcher works for everyone.
(Here, beside the certificates, because the public pages include a certificate's.)"""

import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.test_certificates import pass_course
from tests.factories import make_framework, make_role, teach

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["no-shared-cache", "shared-cache"])
def shared_cache(request, settings):
    settings.SHARED_CACHE = request.param


@pytest.fixture
def public_urls(learner, course, enrolled, django_capture_on_commit_callbacks):
    framework = make_framework()
    teach(course, framework, "A1.1", 2)
    make_role(framework, "export-specialist", {"A1.1": 2})
    pass_course(learner, course, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    return [
        reverse("home"),
        reverse("courses:catalog"),
        reverse("courses:detail", args=[course.slug]),
        reverse("courses:frameworks"),
        reverse("courses:framework", args=[framework.uuid]),
        reverse("courses:role", args=["export-specialist"]),
        reverse("verify", args=[certificate.public_id]),
        reverse("verify-json", args=[certificate.public_id]),
    ]


def test_anonymous_pages_set_no_cookie_and_vary_only_on_the_language(shared_cache, public_urls):
    client = Client()
    for url in public_urls * 2:  # the second time from the cache, where there is one
        response = client.get(url, headers={"Accept-Language": "fr"})
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert response["Vary"] == "Accept-Language", url
        assert response["Content-Language"] == "fr", url


@pytest.mark.parametrize("name", ["accounts:login", "accounts:sign_up", "accounts:password_reset"])
def test_pages_with_a_form_set_the_csrf_cookie(client, name):
    response = client.get(reverse(name))
    assert "csrftoken" in response.cookies
    assert "private" in response["Cache-Control"]  # what sets a cookie is no proxy's to keep


def test_an_anonymous_visitor_switches_language_without_a_token():
    client = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" not in client.get(reverse("courses:catalog")).content.decode()
    response = client.post(reverse("set_language"), {"language": "es", "next": "/courses/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "es"
    assert client.get("/courses/")["Content-Language"] == "es"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site here
        {"Referer": "https://evil.example/page"},
    ],
)
def test_a_language_switch_from_another_site_is_refused(headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "es"}, headers=headers)
    assert response.status_code == 403 and "django_language" not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the person
        {"Referer": "http://testserver/courses/"},
        {},  # an old browser or a script says nothing: it can only set a language
    ],
)
def test_a_language_switch_from_this_site_is_accepted(headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "es"}, headers=headers)
    assert response.status_code == 302 and response.cookies["django_language"].value == "es"


def test_a_signed_in_switch_needs_the_token_as_any_form_does(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post(reverse("set_language"), {"language": "es"}).status_code == 403
    token = client.get("/").context["csrf_token"]
    response = client.post(
        reverse("set_language"), {"language": "es", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.language == "es"
