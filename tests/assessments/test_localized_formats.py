"""Numbers and dates in the reader's format on the pages; digits with a point in the API."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Attempt, QuestionKind
from tests.assessments.conftest import make_assessment, make_question

pytestmark = pytest.mark.django_db

STARTED = datetime(2026, 3, 5, 14, 7, tzinfo=UTC)


@pytest.fixture
def graded(learner, course, enrolled):
    """A numeric question worth 1.5 points, expecting 1234.50, answered right; started at a
    known time."""
    question = make_question(course, QuestionKind.NUMERIC, points="1.5", answer=Decimal("1234.50"))
    quiz = make_assessment(course, [question])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers={1: "1 234,5"})
    Attempt.objects.filter(pk=attempt.pk).update(started_at=STARTED)
    return attempt


def page(client, learner, language, url):
    learner.language = language
    learner.save()
    client.force_login(learner)
    return client.get(url).content.decode()


def test_a_french_result_shows_decimal_commas(client, learner, graded):
    content = page(client, learner, "fr", reverse("assessments:result", args=[graded.uuid]))
    assert "1,50 / 1,50" in content  # points
    assert "1234,5</" in content  # the expected answer: was Python's "1234.5" in every language
    assert "1234.5" not in content


def test_a_french_attempt_list_shows_a_french_date(client, learner, graded, course):
    url = reverse("assessments:detail", args=[course.slug, graded.assessment.uuid])
    content = page(client, learner, "fr", url)
    assert "5 mars 2026 14:07" in content
    assert "100,00" in content


def test_arabic_dates_have_an_arabic_pattern_and_numbers_a_decimal_point(
    client, learner, graded, course
):
    url = reverse("assessments:detail", args=[course.slug, graded.assessment.uuid])
    content = page(client, learner, "ar", url)
    # Django has no Arabic date-time pattern: it fell back to English "مارس 5, 2026, 2:07 م".
    assert "5 مارس، 2026، 2:07 م" in content
    assert "100.00" in content  # CLDR Arabic with Latin digits


def test_vietnamese_dates_read_as_in_a_sentence(client, learner, graded, course):
    url = reverse("assessments:detail", args=[course.slug, graded.assessment.uuid])
    assert "14:07, 5 tháng 3, 2026" in page(client, learner, "vi", url)


def test_the_api_gives_the_expected_number_as_digits_with_a_point(learner, graded):
    learner.language = "fr"
    learner.save()
    api = APIClient()
    api.force_authenticate(learner)
    body = api.get(reverse("api-attempt-result", args=[graded.uuid])).json()
    assert body["questions"][0]["correct_answer"] == "1234.5"


def test_an_expected_answer_of_zero_is_shown(client, learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course, QuestionKind.NUMERIC, answer=0)])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers={1: "3"})
    content = page(client, learner, "en", reverse("assessments:result", args=[attempt.uuid]))
    assert "Expected:" in content
