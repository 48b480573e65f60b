"""The level credential as a verifier gets it: signed against the published keys, checked by
the issuer's verify endpoint, listed when revoked, and telling nothing private."""

import pytest
from django.test import Client
from django.urls import reverse
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet

from levels.credential import credential_document
from levels.models import LevelCredential
from levels.services import awards
from tests.jsonld import undefined_terms
from tests.levels.conftest import pass_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(learner, standard, django_capture_on_commit_callbacks):
    pass_course(learner, standard.spanish, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
    return LevelCredential.objects.get(user=learner)


def test_it_verifies_with_an_independent_library_against_the_jwk_set(client, credential):
    key_set = KeySet.import_key_set(client.get(reverse("jwks")).json())
    claims = jose_jwt.decode(credential.credential_jwt, key_set, algorithms=["RS256"]).claims
    assert claims["jti"] == claims["id"] == f"urn:uuid:{credential.credential_id}"
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["name"] == "Export Specialist · Foundation"
    assert achievement["achievementType"] == "Certification"
    assert achievement["id"].endswith(
        reverse("courses:role", args=["export-specialist"]) + "#level-1"
    )
    assert achievement["alignment"][0]["targetUrl"].endswith(
        f"/ims/case/v1p1/CFItems/{credential.level.competency_rules.get().competency.uuid}"
    )
    assert [item["name"] for item in claims["evidence"][:1]] == ["Export Basics Es"]
    assert claims["evidence"][0]["id"].startswith("http")  # the certificate's verify page


def test_the_issuer_checks_it_and_lists_it_once_revoked(client, credential, steward):
    def check():
        return Client().post(
            reverse("verify-credential"), credential.credential_jwt, content_type="text/plain"
        )

    assert check().json()["verified"] is True
    awards.credential_revoke(credential=credential, reason="Exam taken by someone else", by=steward)

    result = check().json()
    assert result["verified"] is False and result["checks"][-1]["check"] == "status"
    listed = client.get(reverse("revocation-list")).json()["revokedCredentials"]
    assert listed == [{"id": f"urn:uuid:{credential.credential_id}", "revoked": True}]
    response = client.get(reverse("levels:verify-json", args=[credential.public_id]))
    public = response.json()
    assert public["status"] == "revoked" and "someone else" not in str(public)
    assert response["Access-Control-Allow-Origin"] == "*"  # verifiers on other sites read it


def test_every_term_of_a_level_credential_is_defined(credential):
    """Expanded offline with the bundled contexts, no term falls to "issuer-dependent"."""
    assert undefined_terms(credential_document(credential)) == set()
