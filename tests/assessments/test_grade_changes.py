"""An instructor changes the hand grade of an attempt that is already graded (SUBMITTED)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import (
    AssessmentResult,
    AttemptStatus,
    CourseGrade,
    QuestionKind,
    Response,
)
from certificates.models import Certificate, CertificateStatus
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.certificates.conftest import fresh_keys  # noqa: F401 (autouse: signing keys)

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(client, instructor, learner, course, enrolled, django_capture_on_commit_callbacks):
    """1 point auto-graded, 4 by hand: the essay graded 4/4, so 100%, passed, certificate issued."""
    exam = make_assessment(
        course, [make_question(course), make_question(course, QuestionKind.ESSAY, points="4")]
    )
    attempt = services.attempt_start(learner=learner, assessment=exam)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    client.force_login(instructor)
    grade(client, attempt, "4", django_capture_on_commit_callbacks)
    return attempt


def grade(client, attempt, points, capture):
    """The grading form in the admin, as the instructor uses it (it calls response_grade)."""
    essay = Response.objects.get(
        item__attempt=attempt, item__question_version__question__kind="essay"
    )
    url = reverse("admin:assessments_responsetograde_change", args=[essay.pk])
    with capture(execute=True):
        response = client.post(
            url, {"points": points, "feedback": "", "seen_version": essay.version}
        )
    assert response.status_code == 302, response.content.decode()
    attempt.refresh_from_db()


def results(attempt):
    result = AssessmentResult.objects.get(user=attempt.user, assessment=attempt.assessment)
    course_grade = CourseGrade.objects.get(enrollment__user=attempt.user)
    return (
        (attempt.status, attempt.score, attempt.percent, attempt.passed),
        (result.percent, result.passed, result.graded_attempts),
        (course_grade.percent, course_grade.passed),
    )


def test_the_first_hand_grade_completes_the_attempt_and_earns_the_certificate(graded):
    assert results(graded) == (
        (AttemptStatus.SUBMITTED, Decimal("5.00"), Decimal("100.00"), True),
        (Decimal("100.00"), True, 1),
        (Decimal("100.00"), True),
    )
    assert Certificate.objects.get().status == CertificateStatus.VALID


@pytest.mark.parametrize(("policy", "status"), [("revoke", "revoked"), ("flag", "valid")])
def test_lowering_a_grade_on_a_graded_attempt_updates_every_total_and_takes_the_certificate_back(
    client, settings, graded, django_capture_on_commit_callbacks, policy, status
):
    settings.CERTIFICATE_ON_GRADE_DROP = policy
    grade(client, graded, "1", django_capture_on_commit_callbacks)  # 2 of 5 points
    assert results(graded) == (
        (AttemptStatus.SUBMITTED, Decimal("2.00"), Decimal("40.00"), False),
        (Decimal("40.00"), False, 1),
        (Decimal("40.00"), False),
    )
    certificate = Certificate.objects.get()
    assert certificate.status == status
    if policy == "revoke":
        assert certificate.revoked_automatically and "regrade" in certificate.revoked_reason
    else:
        assert "regrade" in certificate.flagged_reason
    # Raised again above the pass mark: the certificate is back as it was.
    grade(client, graded, "3", django_capture_on_commit_callbacks)  # 4 of 5 points
    assert results(graded)[2] == (Decimal("80.00"), True)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_reason, certificate.flagged_reason) == (
        "valid",
        "",
        "",
    )
    assert Certificate.objects.count() == 1


def test_a_lower_grade_that_still_passes_keeps_the_certificate(
    client, graded, django_capture_on_commit_callbacks
):
    grade(client, graded, "3", django_capture_on_commit_callbacks)  # 4 of 5 points
    assert results(graded) == (
        (AttemptStatus.SUBMITTED, Decimal("4.00"), Decimal("80.00"), True),
        (Decimal("80.00"), True, 1),
        (Decimal("80.00"), True),
    )
    certificate = Certificate.objects.get()
    assert certificate.status == CertificateStatus.VALID and not certificate.flagged_reason
