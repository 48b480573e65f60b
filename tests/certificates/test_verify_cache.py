"""The verify page and JSON are kept for anonymous readers (core.page_cache), each
certificate's apart: a revocation shows at once, another certificate's change evicts nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from certificates import services as certificates
from certificates.models import Certificate
from courses import api as courses
from tests.certificates.test_certificates import pass_course
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.SHARED_CACHE = True


@pytest.fixture
def certificate(learner, course, enrolled, django_capture_on_commit_callbacks):
    pass_course(learner, course, django_capture_on_commit_callbacks)
    return Certificate.objects.get()


def read_twice(client, url, django_assert_num_queries):
    client.get(url)
    with django_assert_num_queries(0):  # from the cache
        return client.get(url)


def test_a_revocation_in_the_admin_shows_at_once_on_the_page_and_the_json(
    client, certificate, instructor, django_assert_num_queries
):
    page = reverse("verify", args=[certificate.public_id])
    data = reverse("verify-json", args=[certificate.public_id])
    assert (
        "Valid certificate" in read_twice(client, page, django_assert_num_queries).content.decode()
    )
    assert read_twice(client, data, django_assert_num_queries).json()["status"] == "valid"
    admin = Client()
    admin.force_login(instructor)
    admin.post(
        reverse("admin:certificates_certificate_changelist"),
        {"action": "revoke", "_selected_action": [certificate.pk], "reason": "Plagiarism."},
    )
    assert "Revoked on" in client.get(page).content.decode()
    assert client.get(data).json()["status"] == "revoked"


def test_another_certificate_changing_evicts_nothing(
    client, certificate, course, instructor, django_assert_num_queries
):
    page = reverse("verify", args=[certificate.public_id])
    read_twice(client, page, django_assert_num_queries)
    someone = UserFactory()
    courses.enrollment_create(learner=someone, course=course)
    other, _created = certificates.certificate_award(
        course=course, learner=someone, by=instructor, reason="Exam taken on paper."
    )
    certificates.certificate_revoke(certificate=other, reason="Wrong person.", by=instructor)
    with django_assert_num_queries(0):
        assert "Valid certificate" in client.get(page).content.decode()


def test_an_id_in_another_spelling_is_retired_with_the_certificate(client, certificate, instructor):
    page = reverse("verify-json", args=[str(certificate.public_id).upper()])
    assert client.get(page).json()["status"] == "valid"
    certificates.certificate_revoke(certificate=certificate, reason="Void.", by=instructor)
    assert client.get(page).json()["status"] == "revoked"


def test_the_rate_limit_holds_for_cached_pages_too(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 2
    page = reverse("verify", args=[certificate.public_id])
    assert [client.get(page).status_code for _ in range(3)] == [200, 200, 429]


def test_asking_about_unknown_certificates_leaves_nothing_in_the_cache_for_good(
    client, monkeypatch
):
    """Each id anyone asks about gets a generation number; it expires like the pages do."""
    from core import page_cache

    timeouts = []
    for method in ("add", "set"):
        real = getattr(page_cache.cache, method)

        def spy(key, value, timeout=None, *args, _real=real, **kwargs):
            timeouts.append((key, timeout))
            return _real(key, value, timeout, *args, **kwargs)

        monkeypatch.setattr(page_cache.cache, method, spy)
    for _ in range(3):
        unknown = "6f1c2a3e-9b7d-4c1e-8a2f-0d3b5e7f9a1c"
        assert client.get(reverse("verify", args=[unknown])).status_code == 404
    generations = [(key, timeout) for key, timeout in timeouts if "generation" in key]
    assert generations and all(timeout is not None for _key, timeout in generations)
