"""After a move to a new domain, the old addresses (FORMER_SITE_URLS) send every request to the
same place at SITE_URL, so credentials and QR codes issued before the move keep resolving."""

import jwt
import pytest
from django.test import Client
from django.urls import reverse

from certificates import signing
from certificates.models import Certificate
from tests.certificates.test_certificates import pass_course

pytestmark = pytest.mark.django_db

OLD, NEW = "https://old-academy.example", "https://academy.example"


@pytest.fixture
def moved(settings, tmp_path):
    """Keys of this test's own; SITE_URL is OLD until the fixture's caller moves it."""
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.SITE_URL = OLD
    signing.keys.cache_clear()

    def move():
        settings.SITE_URL = NEW
        settings.FORMER_SITE_URLS = [OLD]
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "old-academy.example", "academy.example"]
        signing.keys.cache_clear()

    yield move
    signing.keys.cache_clear()


def test_a_request_to_a_former_origin_is_redirected_with_its_path_and_query(moved):
    moved()
    response = Client().get("/courses/?q=tax", HTTP_HOST="old-academy.example")
    assert response.status_code == 301
    assert response["Location"] == f"{NEW}/courses/?q=tax"
    assert response["Access-Control-Allow-Origin"] == "*"  # browser verifiers follow it
    assert Client().get("/courses/", HTTP_HOST="academy.example").status_code == 200


def test_a_credential_issued_under_the_old_address_verifies_and_its_links_resolve(
    moved, learner, course, enrolled, django_capture_on_commit_callbacks
):
    pass_course(learner, course, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    issued = jwt.decode(certificate.credential_jwt, options={"verify_signature": False})
    links = [
        issued["issuer"]["id"],  # the issuer profile
        issued["credentialStatus"]["id"],  # the revocation list
        issued["credentialSubject"]["achievement"]["image"]["id"],
        OLD + reverse("verify", args=[certificate.public_id]),  # the QR code on the PDF
    ]
    assert all(link.startswith(OLD) for link in links)

    moved()
    result = (
        Client()
        .post(
            reverse("verify-credential"),
            certificate.credential_jwt,
            content_type="text/plain",
            HTTP_HOST="academy.example",
        )
        .json()
    )
    assert result["verified"] is True, result
    for link in links:
        path = link.removeprefix(OLD)
        assert Client().get(path, HTTP_HOST="old-academy.example")["Location"] == NEW + path
        assert Client().get(path, HTTP_HOST="academy.example").status_code == 200, path
