import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Attempt, AttemptStatus, QuestionKind, Response
from assessments.tasks import submit_overdue_attempts
from tests.assessments.conftest import (
    SECRET_EXPLANATION,
    make_assessment,
    make_question,
    right_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(learner):
    client = APIClient()
    client.force_authenticate(learner)
    return client


def start(api, assessment):
    return api.post(f"/api/v1/assessments/{assessment.uuid}/attempts/")


def test_only_enrolled_learners_may_start(api, quiz, other_learner):
    assert start(api, quiz).status_code == 403
    assert not Attempt.objects.exists()


def test_starting_freezes_the_draw_with_opaque_choice_tokens(api, quiz, enrolled):
    response = start(api, quiz)
    assert response.status_code == 201
    body = response.json()
    # No draw count and no shuffling: the whole pool, in bank order (by question title).
    assert [(q["position"], q["kind"]) for q in body["questions"]] == [
        (1, "multiple"),
        (2, "numeric"),
        (3, "short_text"),
        (4, "single"),
        (5, "true_false"),
    ]
    tokens = [c["token"] for q in body["questions"] for c in q["choices"]]
    assert len(tokens) == len(set(tokens)) == 8
    assert not {"a", "b", "c", "t", "f"} & set(tokens)
    # Resuming gives the same frozen attempt.
    again = start(api, quiz)
    assert again.status_code == 200 and again.json() == body


def test_no_key_reaches_the_learner_before_submitting(api, client, learner, quiz, enrolled):
    body = json.dumps(start(api, quiz).json())
    attempt = Attempt.objects.get()
    client.force_login(learner)
    page = client.get(reverse("assessments:attempt", args=[attempt.uuid])).content.decode()
    for payload in (body, page, json.dumps(api.get(f"/api/v1/attempts/{attempt.uuid}/").json())):
        for secret in [
            '"correct"',
            "is_correct",
            SECRET_EXPLANATION,
            "123.45",
            "Free on board",
            '"key"',
        ]:
            assert secret not in payload, secret
    assert api.get(f"/api/v1/attempts/{attempt.uuid}/result/").status_code == 409


@pytest.mark.parametrize("policy", ["never", "after_passing"])
def test_feedback_stays_hidden_when_the_policy_says_so(api, course, enrolled, policy):
    quiz = make_assessment(course, [make_question(course)], feedback_policy=policy)
    attempt_id = start(api, quiz).json()["uuid"]
    result = api.post(
        f"/api/v1/attempts/{attempt_id}/submit/", {"answers": {}}, format="json"
    ).json()
    assert result["passed"] is False and result["feedback_shown"] is False
    assert "questions" not in result and SECRET_EXPLANATION not in json.dumps(result)


@pytest.mark.parametrize("policy", ["immediately", "after_passing"])
def test_feedback_is_shown_after_submitting_when_allowed(api, course, enrolled, policy):
    quiz = make_assessment(course, [make_question(course)], feedback_policy=policy)
    attempt = Attempt.objects.get(uuid=start(api, quiz).json()["uuid"])
    result = api.post(
        f"/api/v1/attempts/{attempt.uuid}/submit/",
        {"answers": right_answers(attempt)},
        format="json",
    ).json()
    assert result["percent"] == "100.00" and result["passed"] is True
    assert result["feedback_shown"] is True and SECRET_EXPLANATION in json.dumps(result)
    again = api.get(f"/api/v1/attempts/{attempt.uuid}/result/").json()
    assert again["feedback_shown"] is True and SECRET_EXPLANATION in json.dumps(again)


def test_autosave_rejects_foreign_questions_bad_tokens_and_late_or_repeat_saves(
    api, quiz, enrolled
):
    body = start(api, quiz).json()
    position = {q["kind"]: str(q["position"]) for q in body["questions"]}
    url = f"/api/v1/attempts/{body['uuid']}/answers/"
    bad = api.patch(
        url,
        {"answers": {position["single"]: "forged-token", "99": "x", position["numeric"]: "12,5"}},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]["answers"]) == {position["single"], "99"}
    assert not Response.objects.exclude(answer=None).exists()  # nothing saved from that request
    long_ago = timezone.now() - timedelta(days=1)
    Response.objects.update(saved_at=long_ago)
    assert (
        api.patch(url, {"answers": {position["numeric"]: "12,5"}}, format="json").status_code == 204
    )
    saved = Response.objects.get(item__position=position["numeric"])
    assert saved.answer == "12,5" and saved.saved_at > long_ago  # autosave time kept true
    assert Response.objects.get(item__position=position["single"]).saved_at == long_ago
    api.post(f"/api/v1/attempts/{body['uuid']}/submit/", {}, format="json")
    assert api.patch(url, {"answers": {position["numeric"]: "1"}}, format="json").status_code == 409


def test_scores_come_from_the_server_only(api, quiz, enrolled, learner, other_learner):
    attempt = Attempt.objects.get(uuid=start(api, quiz).json()["uuid"])
    response = api.post(
        f"/api/v1/attempts/{attempt.uuid}/submit/",
        {"answers": {}, "score": 100, "is_correct": True, "user": other_learner.pk, "percent": 100},
        format="json",
    )
    assert response.json()["percent"] == "0.00"
    attempt.refresh_from_db()
    assert attempt.user == learner and attempt.score == 0


def test_a_second_submit_is_a_409(api, quiz, enrolled):
    attempt_id = start(api, quiz).json()["uuid"]
    assert api.post(f"/api/v1/attempts/{attempt_id}/submit/", {}, format="json").status_code == 200
    second = api.post(f"/api/v1/attempts/{attempt_id}/submit/", {}, format="json")
    assert second.status_code == 409 and "already submitted" in second.json()["detail"]


def test_the_attempt_beyond_the_maximum_is_refused(api, client, learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course)], max_attempts=1)
    attempt_id = start(api, quiz).json()["uuid"]
    api.post(f"/api/v1/attempts/{attempt_id}/submit/", {}, format="json")
    refused = start(api, quiz)
    assert refused.status_code == 409
    assert refused.json()["detail"] == "You have used your 1 attempt at this assessment."
    client.force_login(learner)
    page = client.post(reverse("assessments:start", args=[course.slug, quiz.uuid]), follow=True)
    assert b"You have used your 1 attempt" in page.content


def test_another_learners_attempt_is_not_found(api, quiz, enrolled, client, other_learner):
    attempt_id = start(api, quiz).json()["uuid"]
    other = APIClient()
    other.force_authenticate(other_learner)
    for url in (f"/api/v1/attempts/{attempt_id}/", f"/api/v1/attempts/{attempt_id}/result/"):
        assert other.get(url).status_code == 404
    assert (
        other.post(f"/api/v1/attempts/{attempt_id}/submit/", {}, format="json").status_code == 404
    )
    client.force_login(other_learner)
    assert client.get(reverse("assessments:attempt", args=[attempt_id])).status_code == 404


def test_after_the_deadline_answers_are_refused_and_the_sweep_submits(api, course, enrolled):
    timed = make_assessment(course, [make_question(course)], time_limit_minutes=10)
    attempt = Attempt.objects.get(uuid=start(api, timed).json()["uuid"])
    api.patch(
        f"/api/v1/attempts/{attempt.uuid}/answers/",
        {"answers": right_answers(attempt)},
        format="json",
    )
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    late = api.patch(
        f"/api/v1/attempts/{attempt.uuid}/answers/", {"answers": {"1": ""}}, format="json"
    )
    assert late.status_code == 409 and "time for this attempt is up" in late.json()["detail"]
    assert submit_overdue_attempts.apply().get() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.percent == Decimal("100.00")
    assert submit_overdue_attempts.apply().get() == 0


def test_required_lessons_gate_the_assessment(api, course, enrolled, learner):
    lesson = course.modules.first().lessons.first()
    gated = make_assessment(course, [make_question(course)])
    gated.required_lessons.add(lesson)
    refused = start(api, gated)
    assert refused.status_code == 409 and lesson.title in refused.json()["detail"]
    from courses import services as course_services

    course_services.lesson_complete(learner=learner, lesson=lesson)
    assert start(api, gated).status_code == 201


def test_an_essay_waits_for_grading(api, course, enrolled):
    exam = make_assessment(
        course, [make_question(course), make_question(course, QuestionKind.ESSAY, points="5")]
    )
    attempt = Attempt.objects.get(uuid=start(api, exam).json()["uuid"])
    result = api.post(
        f"/api/v1/attempts/{attempt.uuid}/submit/",
        {"answers": right_answers(attempt)},
        format="json",
    ).json()
    assert result["status"] == "needs_grading" and result["percent"] is None


def test_a_new_question_version_does_not_change_a_started_attempt(api, course, enrolled):
    question = make_question(course)
    quiz = make_assessment(course, [question])
    attempt = Attempt.objects.get(uuid=start(api, quiz).json()["uuid"])
    first_version = question.current_version
    services.question_save(
        question=question,
        content={
            "prompt": "Edited prompt",
            "points": Decimal("3"),
            "choices": first_version.choices,
        },
    )
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert attempt.items.get().question_version == first_version


def submit_queries(learner, course, size: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Question, QuestionVersion

    questions = Question.objects.bulk_create(
        Question(course=course, kind="true_false", title=f"S{size}-{n:03}") for n in range(size)
    )
    choices = [
        {"key": "t", "text": "True", "correct": True},
        {"key": "f", "text": "False", "correct": False},
    ]
    versions = QuestionVersion.objects.bulk_create(
        QuestionVersion(question=q, number=1, prompt="p", points=1 + n % 3, choices=choices)
        for n, q in enumerate(questions)
    )
    for question, version in zip(questions, versions, strict=True):
        question.current_version = version
    Question.objects.bulk_update(questions, ["current_version"])
    exam = make_assessment(course, questions, title=f"Exam {size}")
    attempt = services.attempt_start(learner=learner, assessment=exam)
    answers = right_answers(attempt)
    for position in list(answers)[::2]:
        answers[position] = ""  # half right, half blank: grades of several values
    with CaptureQueriesContext(connection) as queries:
        services.attempt_submit(attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and 0 < attempt.percent < 100
    return len(queries)


def test_submitting_costs_the_same_for_50_or_500_questions(learner, course, enrolled):
    from django.db import connection

    submit_queries(learner, course, 2)  # creates the stored results; later submits update them
    small, large = submit_queries(learner, course, 50), submit_queries(learner, course, 500)
    if connection.vendor == "postgresql":
        assert small == large
    else:  # SQLite splits the one bulk write into batches of its 999-parameter limit
        assert large - small <= 5


def test_a_learner_who_left_the_course_cannot_go_on_until_they_enrol_again(
    api, client, learner, quiz, enrolled
):
    from courses import services as course_services

    attempt = Attempt.objects.get(uuid=start(api, quiz).json()["uuid"])
    course_services.enrollment_withdraw(enrollment=enrolled)
    url = f"/api/v1/attempts/{attempt.uuid}/"
    assert api.patch(f"{url}answers/", {"answers": {}}, format="json").status_code == 409
    refused = api.post(f"{url}submit/", {"answers": {}}, format="json")
    assert refused.status_code == 409 and "enrol again" in refused.json()["detail"]
    client.force_login(learner)
    page = client.post(reverse("assessments:attempt", args=[attempt.uuid]), follow=True)
    assert "enrol again" in page.content.decode()
    course_services.enrollment_create(learner=learner, course=quiz.course)
    assert api.post(f"{url}submit/", {"answers": {}}, format="json").status_code == 200


@pytest.mark.parametrize("courses", [2, 20])
def test_my_grades_run_a_fixed_number_of_queries(
    api, learner, django_assert_max_num_queries, courses
):
    from assessments.models import AssessmentResult
    from tests.factories import make_course

    for number in range(courses):
        assessment = make_assessment(make_course(f"course-{number}"), [], title=f"Quiz {number}")
        AssessmentResult.objects.create(
            user=learner,
            assessment=assessment,
            percent=Decimal(50),
            passed=False,
            graded_attempts=1,
        )
    with django_assert_max_num_queries(1):  # the results with their assessments and courses
        body = api.get("/api/v1/grades/").json()
    assert len(body) == courses
    assert body[0] == {
        "course": "course-0",
        "assessment": str(AssessmentResult.objects.get(assessment__title="Quiz 0").assessment.uuid),
        "title": "Quiz 0",
        "percent": "50.00",
        "passed": False,
        "graded_attempts": 1,
    }
