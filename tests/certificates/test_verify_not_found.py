"""The verify page's 404: one page for every id that shows no certificate, which explains what a
certificate link looks like and how else to check a credential."""

import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.translation import gettext, override

from tests.certificates.test_certificates import certificate  # noqa: F401

pytestmark = pytest.mark.django_db

UNKNOWN = "6f1c2f5e-0000-4000-8000-000000000000"
NOT_CERTIFICATES = {
    "unknown": f"/verify/{UNKNOWN}/",
    "malformed": "/verify/not-a-uuid/",
    "too long": "/verify/" + "a" * 65 + "/",
    "with a dot": "/verify/6f1c2f5e.0000/",
    "bare prefix": "/verify/",
}


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://academy.example"


def panel(response) -> str:
    html = response.content.decode()
    return re.search(r'<section class="panel error-page[^"]*".*?</section>', html, re.S).group(0)


def test_every_address_that_shows_no_certificate_gets_the_same_404_page(client):
    """Whether an id exists, or is even well formed, shows in nothing but a certificate."""
    responses = {name: client.get(url) for name, url in NOT_CERTIFICATES.items()}

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(
        NOT_CERTIFICATES, 404
    )
    pages = {name: panel(r) for name, r in responses.items()}
    assert len(set(pages.values())) == 1, "the pages differ"
    with override("en"):
        assert gettext("No certificate at this address") in pages["unknown"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_verify_404_explains_what_a_certificate_link_looks_like(client, language):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/verify/{UNKNOWN}/")

    assert response.status_code == 404
    html = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert 'class="site-header"' in html
    section = panel(response)
    # The example link and the endpoint read left to right inside an Arabic sentence.
    assert (
        '<code class="code-line example-link" dir="ltr">'
        "https://academy.example/verify/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/</code>"
    ) in section
    assert (
        '<code class="code-line" dir="ltr">POST https://academy.example/credentials/verify</code>'
    ) in section
    assert '<a href="https://academy.example/"><bdi>Crossborder Academy</bdi></a>' in section
    with override(language):
        assert gettext("No certificate at this address") in section
        assert gettext("Certificate id or link") in section
        assert f'<a href="/courses/">{gettext("Course catalog")}</a>' in section  # a way forward
    assert UNKNOWN not in section  # nothing echoes the id asked for


def test_the_verify_404_costs_one_query_at_most(client, django_assert_max_num_queries):
    # the certificate lookup (none for a malformed id); no session
    with django_assert_max_num_queries(1):
        client.get(f"/verify/{UNKNOWN}/")
    with django_assert_max_num_queries(0):
        client.get("/verify/not-a-uuid/")


def test_an_unknown_id_in_json_gets_the_apis_404(client):
    for url in (f"/verify/{UNKNOWN}.json", "/verify/not-a-uuid.json"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "No certificate has this id.", "code": "not_found"}


def test_an_id_or_link_typed_into_the_form_leads_to_the_certificate(client, certificate):  # noqa: F811
    link = f"  https://academy.example/verify/{str(certificate.public_id).upper()}/ "

    response = client.get(reverse("verify-lookup"), {"id": link}, follow=True)

    assert response.redirect_chain == [(f"/verify/{certificate.public_id}/", 302)]
    assert response.status_code == 200
    assert certificate.holder_name in response.content.decode()


def test_a_link_that_lost_its_final_slash_still_leads_to_the_certificate(client, certificate):  # noqa: F811
    response = client.get(f"/verify/{certificate.public_id}")

    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.public_id}/"


def test_a_form_entry_with_no_id_in_it_gets_the_same_404_page(client):
    response = client.get(reverse("verify-lookup"), {"id": "not an id"})

    assert response.status_code == 404
    assert panel(response) == panel(client.get("/verify/not-a-uuid/"))
