"""Races only a real database with row locks can show (run on PostgreSQL by .ci/run)."""

from assessments import services
from assessments.models import AssessmentResult, Attempt, AttemptStatus
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.threads import POSTGRESQL_ONLY, in_threads

pytestmark = POSTGRESQL_ONLY


def test_twenty_concurrent_submits_grade_exactly_once(learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course)])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    answers = right_answers(attempt)
    outcomes = in_threads(20, lambda: services.attempt_submit(attempt=attempt, answers=answers))
    assert sum(isinstance(o, Attempt) for o in outcomes) == 1
    assert all(
        isinstance(o, services.AttemptConflict) for o in outcomes if not isinstance(o, Attempt)
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.percent == 100
    assert AssessmentResult.objects.get().graded_attempts == 1


def test_two_concurrent_starts_with_one_attempt_left_make_one(learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course)], max_attempts=1)
    outcomes = in_threads(2, lambda: services.attempt_start(learner=learner, assessment=quiz))
    assert Attempt.objects.count() == 1
    assert {o.pk for o in outcomes} == {Attempt.objects.get().pk}  # the second resumed it


def test_concurrent_issues_make_one_certificate_one_email_one_credential(
    learner, course, enrolled, settings, tmp_path
):
    from django.core import mail

    from certificates import services as certificates
    from certificates import signing
    from certificates.models import Certificate

    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    signing.keys.cache_clear()
    outcomes = in_threads(8, lambda: certificates.certificate_issue(user=learner, course=course))
    created = [o for o in outcomes if isinstance(o, tuple) and o[1]]
    assert len(created) == 1 and Certificate.objects.count() == 1
    certificate = Certificate.objects.get()
    assert certificate.rendered_at is not None and certificate.credential_jwt
    assert len(mail.outbox) == 1
    signing.keys.cache_clear()
