"""The certificate admin's "Render the files and credential again" action, as instructors use it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet

from certificates import credentials, signing
from certificates import render as certificate_render
from certificates import services as certificates
from certificates.models import Certificate
from tests.factories import InstructorFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:certificates_certificate_changelist")


@pytest.fixture
def unprinted(learner, course, enrolled, monkeypatch, django_capture_on_commit_callbacks):
    """Issued while rendering failed (say a font package was missing on the worker)."""

    def broken(context):
        raise certificate_render.RenderError("Fonts are missing on this worker.")

    with monkeypatch.context() as patch:
        patch.setattr(certificate_render, "render_png", broken)
        with django_capture_on_commit_callbacks(execute=True):
            certificates.certificate_issue(user=learner, course=course)
    certificate = Certificate.objects.get()
    assert certificate.rendered_at is None and not certificate.png and not certificate.pdf
    assert certificate.render_error == "Fonts are missing on this worker."
    return certificate


def rerender(client, who, certificate, capture):
    client.force_login(who)
    with capture(execute=True):
        response = client.post(
            CHANGELIST, {"action": "rerender", "_selected_action": [certificate.pk]}
        )
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    certificate.refresh_from_db()


def read(field) -> bytes:
    with field.open("rb") as stored:
        return stored.read()


def kid(token: str) -> str:
    """The key id of a credential that verifies against the published keys."""
    key_set = KeySet.import_key_set(signing.jwk_set())
    return jose_jwt.decode(token, key_set, algorithms=["RS256"]).header["kid"]


def test_the_instructor_renders_a_failed_certificate_again_and_the_error_is_cleared(
    client, instructor, unprinted, django_capture_on_commit_callbacks
):
    rerender(client, instructor, unprinted, django_capture_on_commit_callbacks)
    assert unprinted.rendered_at is not None and unprinted.render_error == ""
    assert read(unprinted.png).startswith(b"\x89PNG") and read(unprinted.pdf).startswith(b"%PDF")
    changelist = client.get(CHANGELIST).content.decode()
    assert "Fonts are missing" not in changelist  # nothing needs attention any more


def test_rendering_again_replaces_the_files_and_signs_with_the_current_key(
    client, settings, instructor, unprinted, django_capture_on_commit_callbacks
):
    rerender(client, instructor, unprinted, django_capture_on_commit_callbacks)
    long_ago = unprinted.rendered_at - timedelta(days=30)
    Certificate.objects.filter(pk=unprinted.pk).update(rendered_at=long_ago)
    unprinted.png.save("stale.png", ContentFile(b"stale"), save=True)
    old_kid = kid(unprinted.credential_jwt)
    signing.generate_key_file(settings.CREDENTIAL_KEYS_DIR)  # the key is rotated
    signing.keys.cache_clear()

    rerender(client, instructor, unprinted, django_capture_on_commit_callbacks)
    assert unprinted.rendered_at > long_ago and unprinted.render_error == ""
    assert read(unprinted.png).startswith(b"\x89PNG")
    assert kid(unprinted.credential_jwt) == signing.keys()[0].kid != old_kid
    assert credentials.verify_credential(unprinted.credential_jwt)["verified"] is True


def test_an_instructor_who_does_not_teach_the_course_changes_nothing(
    client, unprinted, django_capture_on_commit_callbacks
):
    before = Certificate.objects.values().get()
    outsider = InstructorFactory(email="outsider@example.com")
    rerender(client, outsider, unprinted, django_capture_on_commit_callbacks)
    assert Certificate.objects.values().get() == before
    assert unprinted.rendered_at is None and unprinted.render_error
