import pytest
from django.urls import reverse

from assessments.models import Attempt, AttemptStatus, QuestionKind
from tests.assessments.conftest import SECRET_EXPLANATION, make_assessment, make_question
from tests.text import page_text

pytestmark = pytest.mark.django_db


def test_the_course_page_lists_its_assessments(client, course, quiz):
    make_assessment(course, [make_question(course)], title="Hidden draft", is_published=False)
    content = client.get(reverse("courses:detail", args=[course.slug])).content.decode()
    assert "Incoterms quiz" in content and "Hidden draft" not in content


def test_an_unpublished_assessment_is_404_for_learners(client, learner, course, enrolled):
    draft = make_assessment(course, [make_question(course)], is_published=False)
    client.force_login(learner)
    assert (
        client.get(reverse("assessments:detail", args=[course.slug, draft.uuid])).status_code == 404
    )


def test_the_intro_shows_the_rules_and_attempts_left(client, learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course)], max_attempts=2, time_limit_minutes=20)
    client.force_login(learner)
    content = client.get(
        reverse("assessments:detail", args=[course.slug, quiz.uuid])
    ).content.decode()
    assert "2 of 2 left" in content and "20 minutes" in content and "Start an attempt" in content


def test_a_learner_takes_and_submits_without_javascript(client, learner, course, enrolled):
    quiz = make_assessment(
        course,
        [make_question(course, QuestionKind.SINGLE), make_question(course, QuestionKind.NUMERIC)],
    )
    client.force_login(learner)
    started = client.post(reverse("assessments:start", args=[course.slug, quiz.uuid]))
    attempt = Attempt.objects.get()
    assert started["Location"] == reverse("assessments:attempt", args=[attempt.uuid])
    page = client.get(started["Location"]).content.decode()
    assert 'type="radio"' in page and 'inputmode="decimal"' in page
    items = {
        i.question_version.question.kind: i
        for i in attempt.items.select_related("question_version__question")
    }
    right = next(t["token"] for t in items["single"].choice_tokens if t["key"] == "a")
    form = {f"q{items['single'].position}": right, f"q{items['numeric'].position}": "123,45"}
    saved = client.post(started["Location"], {**form, "action": "save"}, follow=True)
    assert b"Your answers are saved." in saved.content and b'value="123,45"' in saved.content
    assert b"2 of 2 answered" in saved.content
    result = client.post(started["Location"], {**form, "action": "submit"}, follow=True)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.percent == 100
    assert "100.00% · Passed" in page_text(result.content)
    assert SECRET_EXPLANATION in result.content.decode()  # feedback: immediately


def test_a_bad_answer_is_shown_on_the_page_and_nothing_is_lost(client, learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course, QuestionKind.NUMERIC)])
    client.force_login(learner)
    client.post(reverse("assessments:start", args=[course.slug, quiz.uuid]))
    attempt = Attempt.objects.get()
    url = reverse("assessments:attempt", args=[attempt.uuid])
    response = client.post(url, {"q1": "about twelve", "action": "save"})
    assert response.status_code == 400
    assert (
        "Enter a number" in response.content.decode()
        and 'value="about twelve"' in response.content.decode()
    )


def test_a_submitted_attempt_redirects_to_its_result_and_history_shows_it(
    client, learner, course, enrolled, quiz
):
    client.force_login(learner)
    client.post(reverse("assessments:start", args=[course.slug, quiz.uuid]))
    attempt = Attempt.objects.get()
    client.post(reverse("assessments:attempt", args=[attempt.uuid]), {"action": "submit"})
    assert client.get(reverse("assessments:attempt", args=[attempt.uuid]))["Location"] == reverse(
        "assessments:result", args=[attempt.uuid]
    )
    intro = client.get(
        reverse("assessments:detail", args=[course.slug, quiz.uuid])
    ).content.decode()
    assert "Your attempts" in intro and "0.00%" in intro
