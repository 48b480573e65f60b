"""A certificate's credential is JSON-LD that a processor reads with the contexts it names:
every term and type is defined by them (none falls to the VC 2.0 "issuer-dependent" vocabulary),
expanded offline with bundled copies of the contexts."""

import pytest

from certificates import credentials
from certificates.models import Certificate
from tests.certificates.test_certificates import pass_course
from tests.jsonld import undefined_terms

pytestmark = pytest.mark.django_db


def test_every_term_of_a_certificate_credential_is_defined(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    pass_course(learner, course, django_capture_on_commit_callbacks)
    document = credentials.credential(Certificate.objects.get())

    assert undefined_terms(document) == set()
    assert document["credentialStatus"]["type"] == "1EdTechRevocationList"


def test_the_check_finds_a_term_no_context_defines():
    """The test above could not pass by accident: an unknown member is reported."""
    document = {
        "@context": credentials.OB3_CONTEXT,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "favouriteColour": "teal",
        "credentialStatus": {"id": "https://example.org/s", "type": "MadeUpStatusList"},
    }
    assert undefined_terms(document) == {"favouriteColour", "MadeUpStatusList"}
