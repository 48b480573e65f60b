"""The holder's certificates through the API: the list and the files, with a token."""

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.fields import DateTimeField

from assessments import services
from certificates.models import Certificate, CertificateStatus
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import make_course

pytestmark = pytest.mark.django_db

LIST = "/api/v1/certificates/"


@pytest.fixture
def certificate(learner, course, enrolled, django_capture_on_commit_callbacks):
    """Earned by passing a quiz required for the certificate; rendered and signed on commit."""
    quiz = make_assessment(course, [make_question(course)], required_for_certificate=True)
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    return Certificate.objects.get()


def with_token(api, user):
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")


def download_url(certificate, kind: str) -> str:
    return f"/api/v1/certificates/{certificate.public_id}/{kind}"


def test_anonymous_gets_401(api, certificate):
    assert api.get(LIST).status_code == 401
    assert api.get(download_url(certificate, "pdf")).status_code == 401


def test_my_certificates_with_their_links(api, learner, certificate):
    with_token(api, learner)
    public_id = certificate.public_id
    assert api.get(LIST).json() == [
        {
            "public_id": str(public_id),
            "course": "incoterms",
            "course_title": certificate.course_title,
            "course_language": "en",
            "issued_at": DateTimeField().to_representation(certificate.issued_at),
            "status": "valid",
            "revoked_at": None,
            "verify_url": f"{settings.SITE_URL}/verify/{public_id}/",
            "json_url": f"{settings.SITE_URL}/verify/{public_id}.json",
            "image_url": f"{settings.SITE_URL}/verify/{public_id}/certificate.png",
            "downloads": {
                kind: f"http://testserver{download_url(certificate, kind)}"
                for kind in ("pdf", "png", "jwt")
            },
        }
    ]


@pytest.mark.parametrize(
    ("kind", "content_type", "start"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("png", "image/png", b"\x89PNG"),
        ("jwt", "application/vc+jwt", b"ey"),
    ],
)
def test_downloads_with_a_token(api, learner, certificate, kind, content_type, start):
    with_token(api, learner)
    response = api.get(download_url(certificate, kind), HTTP_ACCEPT=content_type)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content if kind == "jwt" else b"".join(response.streaming_content)
    assert body.startswith(start)


def test_another_learners_certificate_is_404(api, other_learner, certificate):
    with_token(api, other_learner)
    assert api.get(LIST).json() == []
    response = api.get(download_url(certificate, "pdf"), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"  # an error is JSON, whatever was asked for


def test_a_file_not_rendered_yet_is_404_and_has_no_link(api, learner, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", credential_jwt="")
    with_token(api, learner)
    [row] = api.get(LIST).json()
    assert row["downloads"]["pdf"] is None and row["downloads"]["jwt"] is None
    assert api.get(download_url(certificate, "pdf")).status_code == 404
    assert api.get(download_url(certificate, "jwt")).status_code == 404
    assert api.get(download_url(certificate, "gif")).status_code == 404


def test_a_revoked_certificate_is_listed_as_revoked(api, learner, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=CertificateStatus.REVOKED, revoked_at=timezone.now()
    )
    with_token(api, learner)
    [row] = api.get(LIST).json()
    assert row["status"] == "revoked" and row["revoked_at"] is not None


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_costs_the_same_for_few_or_many(
    api, learner, django_assert_max_num_queries, count
):
    for number in range(count):
        course = make_course(f"course-{number}", modules=1, lessons=1)
        Certificate.objects.create(
            user=learner,
            course=course,
            holder_name=learner.full_name,
            course_title=course.title,
            course_language=course.language,
            issued_at=timezone.now(),
        )
    with_token(api, learner)
    # token with its user, certificates with their courses
    with django_assert_max_num_queries(2):
        assert len(api.get(LIST).json()) == count
