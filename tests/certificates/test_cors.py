"""Browser wallets and verifiers on other sites can read the issuer's public documents (CORS),
and only those."""

import pytest
from django.urls import reverse

from certificates import signing
from tests.certificates.test_certificates import certificate  # noqa: F401

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "https://wallet.example"}


def public_urls(certificate):  # noqa: F811
    thumbprint = signing.keys()[0].kid.rsplit("/", 1)[-1].removesuffix(".json")
    return [
        reverse("issuer"),
        reverse("jwks"),
        reverse("jwk", args=[thumbprint]),
        reverse("revocation-list"),
        reverse("verify-json", args=[certificate.public_id]),
    ]


def test_the_public_documents_may_be_read_from_any_origin(client, certificate):  # noqa: F811
    for url in public_urls(certificate):
        response = client.get(url, **ORIGIN)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*", url
        preflight = client.options(url, **ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
        assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"


def test_a_wallet_checks_a_credential_from_another_site(client, certificate):  # noqa: F811
    preflight = client.options(
        reverse("verify-credential"),
        **ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight.status_code == 204
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Headers"] == "Content-Type"
    response = client.post(
        reverse("verify-credential"),
        {"credential": certificate.credential_jwt},
        content_type="application/json",
        **ORIGIN,
    )
    assert response.json()["verified"] is True
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pages_for_the_signed_in_send_no_cors_header(client, learner, certificate):  # noqa: F811
    client.force_login(learner)
    assert "Access-Control-Allow-Origin" not in client.get(reverse("certificates"), **ORIGIN)
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/me/", **ORIGIN)
