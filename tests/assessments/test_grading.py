from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import (
    AssessmentResult,
    Attempt,
    AttemptStatus,
    CompetencyLevel,
    CourseGrade,
    QuestionKind,
    Response,
)
from assessments.tasks import regrade_question
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import InstructorFactory, make_course, make_framework

pytestmark = pytest.mark.django_db


def take(learner, assessment, answers=None):
    attempt = services.attempt_start(learner=learner, assessment=assessment)
    return services.attempt_submit(
        attempt=attempt, answers=right_answers(attempt) if answers is None else answers
    )


@pytest.fixture
def essay_attempt(learner, course, enrolled):
    exam = make_assessment(
        course, [make_question(course), make_question(course, QuestionKind.ESSAY, points="4")]
    )
    return take(learner, exam)


def grade_url(response):
    return reverse("admin:assessments_responsetograde_change", args=[response.pk])


def essay_response(attempt):
    return Response.objects.get(
        item__attempt=attempt, item__question_version__question__kind="essay"
    )


def test_the_grading_queue_lists_only_the_instructors_courses(
    client, instructor, essay_attempt, other_learner
):
    other_course = make_course(
        "other", instructors=(InstructorFactory(email="x@example.com").email,)
    )
    from courses import services as course_services

    course_services.enrollment_create(learner=other_learner, course=other_course)
    foreign = make_assessment(other_course, [make_question(other_course, QuestionKind.ESSAY)])
    take(other_learner, foreign)
    client.force_login(instructor)
    response = client.get(reverse("admin:assessments_responsetograde_changelist"))
    shown = {r.pk for r in response.context["cl"].result_list}
    assert shown == {essay_response(essay_attempt).pk}


def test_grading_the_essay_completes_the_attempt(client, instructor, essay_attempt):
    essay = essay_response(essay_attempt)
    client.force_login(instructor)
    page = client.get(grade_url(essay)).content.decode()
    assert "My structured essay." in page and "Full marks for a structured reply." in page
    client.post(
        grade_url(essay),
        {"points": "3", "feedback": "Good structure.", "seen_version": essay.version},
    )
    essay_attempt.refresh_from_db()
    assert essay_attempt.status == AttemptStatus.SUBMITTED
    assert essay_attempt.score == Decimal("4.00") and essay_attempt.percent == Decimal("80.00")
    assert AssessmentResult.objects.get().percent == Decimal("80.00")


def test_points_are_bounded_and_two_graders_cannot_overwrite_each_other(
    client, instructor, essay_attempt
):
    essay = essay_response(essay_attempt)
    client.force_login(instructor)
    page = client.post(
        grade_url(essay),
        {"points": "9", "feedback": "", "seen_version": essay.version},
        follow=True,
    )
    assert "Give between 0 and 4.00 points." in page.content.decode()
    services.response_grade(
        response=essay,
        points=Decimal("2"),
        feedback="first",
        expected_version=essay.version,
        grader=instructor,
    )
    stale = client.post(
        grade_url(essay), {"points": "4", "feedback": "second", "seen_version": 0}, follow=True
    )
    assert "Someone else graded this answer" in stale.content.decode()
    essay.refresh_from_db()
    assert (essay.score, essay.feedback) == (Decimal("2.00"), "first")


def test_a_regrade_after_a_key_fix_rescores_and_is_safe_to_run_twice(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    question = make_question(course)  # key: a is correct
    quiz = make_assessment(course, [question])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    wrong = next(t["token"] for t in attempt.items.get().choice_tokens if t["key"] == "b")
    services.attempt_submit(attempt=attempt, answers={1: wrong})
    attempt.refresh_from_db()
    assert attempt.percent == 0
    # The instructor finds that b was right after all: a new version with the fixed key.
    fixed = [dict(c, correct=c["key"] == "b") for c in question.current_version.choices]
    services.question_save(
        question=question,
        content={
            "prompt": question.current_version.prompt,
            "points": Decimal("1"),
            "choices": fixed,
        },
    )
    assert regrade_question.apply(args=[question.pk]).get() == 1
    attempt.refresh_from_db()
    assert attempt.percent == Decimal("100.00") and attempt.passed
    assert AssessmentResult.objects.get().percent == Decimal("100.00")
    assert CourseGrade.objects.get().percent == Decimal("100.00")
    assert regrade_question.apply(args=[question.pk]).get() == 0


def test_an_attempt_in_progress_keeps_the_points_it_was_offered_across_a_regrade(
    learner, course, enrolled
):
    question = make_question(course)  # 1 point, key: a
    quiz = make_assessment(course, [question])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.question_save(
        question=question,
        content={
            "prompt": question.current_version.prompt,
            "points": Decimal("2"),
            "choices": question.current_version.choices,
        },
    )
    regrade_question.apply(args=[question.pk])
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent) == (
        Decimal("1.00"),
        Decimal("1.00"),
        Decimal("100.00"),
    )


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", "100.00"), ("latest", "0.00"), ("average", "50.00")]
)
def test_the_grading_method_picks_the_kept_grade(learner, course, enrolled, method, expected):
    quiz = make_assessment(course, [make_question(course)], grading_method=method)
    take(learner, quiz)
    take(learner, quiz, answers={})
    assert AssessmentResult.objects.get().percent == Decimal(expected)


def test_the_course_grade_is_weighted_and_needs_every_required_assessment(
    learner, course, enrolled
):
    course.pass_mark = 60
    course.save()
    quiz = make_assessment(course, [make_question(course)], weight=1, title="Quiz")
    exam = make_assessment(
        course, [make_question(course)], weight=3, title="Exam", required_for_certificate=True
    )
    take(learner, quiz)
    grade = CourseGrade.objects.get()
    assert (grade.percent, grade.passed) == (Decimal("25.00"), False)
    take(learner, exam, answers={})
    grade.refresh_from_db()
    assert (grade.percent, grade.passed) == (Decimal("25.00"), False)
    take(learner, exam)
    grade.refresh_from_db()
    assert (grade.percent, grade.passed) == (Decimal("100.00"), True)


def test_competency_levels_follow_the_evidence_rule(learner, course, enrolled):
    framework = make_framework()
    competency = framework.competencies.get(code="A1.1")
    level = {lv.rank: lv for lv in framework.levels.all()}
    foundation = [
        make_question(course, competency=competency, level=level[1], title=f"F{n}")
        for n in range(4)
    ]
    proficient = [
        make_question(course, competency=competency, level=level[2], title=f"P{n}")
        for n in range(4)
    ]
    quiz = make_assessment(course, foundation + proficient)
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    answers = right_answers(attempt)
    by_title = {
        i.position: i.question_version.question.title
        for i in attempt.items.select_related("question_version__question")
    }
    # All foundation right, 2 of 4 proficient right: 50% < 75% at Proficient.
    for position, title in by_title.items():
        if title in {"P0", "P1"}:
            answers[position] = ""
    services.attempt_submit(attempt=attempt, answers=answers)
    assert CompetencyLevel.objects.get(user=learner, competency=competency).level == level[1]
    long_ago = timezone.now() - timedelta(days=30)
    CompetencyLevel.objects.update(updated_at=long_ago)
    # A better attempt (3 of 4 proficient right: 75%) lifts the level.
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    answers = right_answers(attempt)
    answers[
        next(
            p
            for p, i in (
                (i.position, i) for i in attempt.items.select_related("question_version__question")
            )
            if i.question_version.question.title == "P0"
        )
    ] = ""
    services.attempt_submit(attempt=attempt, answers=answers)
    row = CompetencyLevel.objects.get(user=learner, competency=competency)
    assert row.level == level[2]
    assert row.updated_at > long_ago  # the bulk write keeps "when it changed" true
    assert Attempt.objects.filter(user=learner).count() == 2
