"""A course and its language versions are one achievement: any version counts for all."""

import pytest
from rest_framework.test import APIClient

from assessments import services as assessment_services
from certificates import services as certificate_services
from core.errors import Conflict
from courses import services
from courses.achievements import achieved_families, enrollment_facts, family_id
from courses.models import Enrollment
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.courses.conftest import complete

pytestmark = pytest.mark.django_db


def test_a_version_belongs_to_its_originals_family(foundations, spanish):
    assert family_id(spanish) == family_id(foundations) == foundations.pk


def test_completing_the_spanish_version_satisfies_the_english_prerequisite(
    learner, spanish, logistics
):
    with pytest.raises(Conflict, match="Foundations"):
        services.enrollment_create(learner=learner, course=logistics)
    complete(learner, spanish)
    api = APIClient()
    api.force_authenticate(learner)
    response = api.post("/api/v1/courses/logistics/enrollment/")
    assert response.status_code == 201, response.json()


def test_a_passing_grade_in_a_version_satisfies_the_prerequisite(learner, spanish, logistics):
    services.enrollment_create(learner=learner, course=spanish)
    quiz = make_assessment(spanish, [make_question(spanish)])
    attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    assessment_services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    assert family_id(spanish) in achieved_families(user=learner)
    assert services.enrollment_create(learner=learner, course=logistics)


def test_a_certificate_for_any_version_satisfies_the_prerequisite(
    learner, instructor, spanish, logistics
):
    services.enrollment_create(learner=learner, course=spanish)
    certificate, _created = certificate_services.certificate_issue(
        user=learner, course=spanish, awarded_by=instructor, reason="Transfer credit."
    )
    # Revoked, it no longer counts: a newcomer with only that certificate is refused.
    certificate_services.certificate_revoke(certificate=certificate, reason="Error.")
    assert family_id(spanish) not in achieved_families(user=learner)
    with pytest.raises(Conflict):
        services.enrollment_create(learner=learner, course=logistics)


def test_an_enrolment_shows_the_certificate_earned_in_another_version(
    learner, instructor, foundations, spanish, django_assert_max_num_queries
):
    certificate, _created = certificate_services.certificate_issue(
        user=learner, course=spanish, awarded_by=instructor, reason="Transfer credit."
    )
    english = services.enrollment_create(learner=learner, course=foundations)
    quiz = make_assessment(foundations, [make_question(foundations)])
    attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    assessment_services.attempt_submit(attempt=attempt, answers={})  # all wrong: 0%
    enrollments = list(Enrollment.objects.filter(user=learner).select_related("course"))
    with django_assert_max_num_queries(2):  # one per provider: grades, certificates
        facts = enrollment_facts(enrollments)
    assert facts[english.pk]["certificate"] == certificate
    assert facts[english.pk]["grade"].percent == 0 and not facts[english.pk]["grade"].passed
    assert list(facts) == [english.pk]
