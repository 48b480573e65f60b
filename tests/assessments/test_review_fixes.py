"""Rules that keep grades right when things change: key fixes, rule changes, lost tasks."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments import services
from assessments.models import (
    Assessment,
    AttemptStatus,
    CourseGrade,
    ExportStatus,
    GradeExport,
    Question,
)
from assessments.tasks import build_grade_export, regrade_question, requeue_pending_work
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import InstructorFactory, make_course
from tests.text import page_text

pytestmark = pytest.mark.django_db


def test_a_huge_number_is_refused_clearly_and_never_breaks_grading(learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course, "numeric")])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    with pytest.raises(services.AnswerErrors):
        services.attempt_save(attempt=attempt, answers={1: "1e999999999"})
    with pytest.raises(services.AnswerErrors):
        services.attempt_submit(attempt=attempt, answers={1: "9" * 60})
    services.attempt_submit(attempt=attempt)  # as saved: the refusals changed nothing
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED


def test_a_typo_fix_in_the_admin_keeps_choice_keys_so_a_regrade_is_right(
    client, instructor, learner, course, enrolled, django_capture_on_commit_callbacks, monkeypatch
):
    question = make_question(course)
    quiz = make_assessment(course, [question])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    client.force_login(instructor)
    url = reverse("admin:assessments_question_change", args=[question.pk])
    form = {
        "course": course.pk,
        "kind": "single",
        "title": question.title,
        "prompt": "Fixed prompt",
        "points": "1",
        "explanation": "",
        "competency": "",
        "level": "",
        "choices_text": (
            "* Incoterms split cost and risk\n"
            "- Incoterms set the price\n"
            "- Incoterms replace the contract"
        ),
        "answer": "",
        "tolerance": "",
        "tolerance_mode": "absolute",
        "accepted_text": "",
        "rubric": "",
    }
    client.post(url, form)  # "costs" → "cost": a typo fix in the correct choice
    question.refresh_from_db()
    assert [c["key"] for c in question.current_version.choices] == ["a", "b", "c"]
    rescored = []  # the regrade must really run: an unchanged 100% alone would prove nothing

    def counting_regrade(*, question):
        rescored.append(services_question_regrade(question=question))
        return rescored[-1]

    services_question_regrade = services.question_regrade
    monkeypatch.setattr(services, "question_regrade", counting_regrade)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:assessments_question_changelist"),
            {"action": "regrade", "_selected_action": [question.pk]},
        )
    assert rescored == [0]  # ran once, against version 2; the kept key changed no answer
    attempt.refresh_from_db()
    assert attempt.percent == Decimal("100.00")
    assert Question.objects.get().regrade_requested_at is None


def test_a_regrade_moves_attempts_in_progress_to_the_fixed_key(learner, course, enrolled):
    question = make_question(course)
    quiz = make_assessment(course, [question])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    fixed = [dict(c, correct=c["key"] == "b") for c in question.current_version.choices]
    services.question_save(
        question=question,
        content={"prompt": "p", "points": Decimal("1"), "choices": fixed},
    )
    regrade_question.apply(args=[question.pk])
    item = attempt.items.get()
    assert item.question_version.number == 2
    token_b = next(t["token"] for t in item.choice_tokens if t["key"] == "b")
    services.attempt_submit(attempt=attempt, answers={1: token_b})
    attempt.refresh_from_db()
    assert attempt.percent == Decimal("100.00")


def test_lost_regrades_and_exports_are_queued_again(course, django_capture_on_commit_callbacks):
    question = make_question(course)
    long_ago = timezone.now() - timedelta(hours=1)
    Question.objects.filter(pk=question.pk).update(regrade_requested_at=long_ago)
    export = GradeExport.objects.create(course=course)
    GradeExport.objects.filter(pk=export.pk).update(created_at=long_ago)
    assert requeue_pending_work.apply().get() == 2
    assert Question.objects.get().regrade_requested_at is None
    assert GradeExport.objects.get().status == ExportStatus.READY
    assert requeue_pending_work.apply().get() == 0


def test_an_export_that_keeps_failing_is_marked_failed(course, monkeypatch):
    from assessments import export as export_module

    def broken(**kwargs):
        raise OSError("storage is down")

    monkeypatch.setattr(export_module, "grade_export_build", broken)
    grade_export = GradeExport.objects.create(course=course)
    result = build_grade_export.apply(args=[grade_export.pk], retries=3, throw=False)  # last retry
    assert isinstance(result.result, OSError)
    assert GradeExport.objects.get().status == ExportStatus.FAILED


def test_changing_an_assessments_weight_updates_stored_course_grades(
    client, instructor, learner, course, enrolled, django_capture_on_commit_callbacks
):
    quiz = make_assessment(course, [make_question(course)], weight=1, title="Quiz")
    exam = make_assessment(course, [make_question(course)], weight=1, title="Exam")
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    assert CourseGrade.objects.get().percent == Decimal("50.00")
    client.force_login(instructor)
    change = client.get(reverse("admin:assessments_assessment_change", args=[exam.pk]))
    data = {
        key: value
        for key, value in change.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        course=course.pk,
        weight="0",
        questions=[q.pk for q in exam.questions.all()],
        module="",
        max_attempts="",
        time_limit_minutes="",
        draw_count="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:assessments_assessment_change", args=[exam.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert CourseGrade.objects.get().percent == Decimal("100.00")


def test_changing_the_course_pass_mark_updates_stored_passes(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    from courses import services as course_services

    quiz = make_assessment(course, [make_question(course), make_question(course, title="second")])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    answers = right_answers(attempt)
    answers[1] = ""
    services.attempt_submit(attempt=attempt, answers=answers)
    assert CourseGrade.objects.get().passed is False  # 50% < 70%
    course.pass_mark = 50
    with django_capture_on_commit_callbacks(execute=True):
        course_services.course_save(course=course)
    assert CourseGrade.objects.get().passed is True


def test_feedback_after_passing_is_shown_once_passed(learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course)], feedback_policy="after_passing")
    api = APIClient()
    api.force_authenticate(learner)
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    passed = api.post(
        f"/api/v1/attempts/{attempt.uuid}/submit/",
        {"answers": right_answers(attempt)},
        format="json",
    ).json()
    assert passed["feedback_shown"] is True and passed["questions"][0]["correct_tokens"]


def test_the_result_page_hides_answers_when_the_policy_is_never(client, learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course)], feedback_policy="never")
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    client.force_login(learner)
    page = client.get(reverse("assessments:result", args=[attempt.uuid])).content.decode()
    assert "100.00% · Passed" in page_text(page) and "Answers are not shown" in page
    assert "Because the ICC says so" not in page and "✔" not in page


def test_instructors_see_only_their_courses_in_every_assessments_admin(
    client, instructor, learner, course, enrolled
):
    other = make_course("other", instructors=(InstructorFactory(email="z@example.com").email,))
    foreign_quiz = make_assessment(other, [make_question(other)], title="Foreign quiz")
    mine = make_assessment(course, [make_question(course)], title="My quiz")
    attempt = services.attempt_start(learner=learner, assessment=mine)
    client.force_login(instructor)
    quizzes = (
        client.get(reverse("admin:assessments_assessment_changelist")).context["cl"].result_list
    )
    assert [q.title for q in quizzes] == ["My quiz"]
    assert (
        client.get(
            reverse("admin:assessments_assessment_change", args=[foreign_quiz.pk])
        ).status_code
        == 302
    )
    attempts = client.get(reverse("admin:assessments_attempt_changelist")).context["cl"].result_list
    assert list(attempts) == [attempt]
    export_form = client.get(reverse("admin:assessments_gradeexport_add")).context["adminform"].form
    assert list(export_form.fields["course"].queryset) == [course]
    # The course filter shows once there are two courses to choose from: teach a second one.
    second = make_course("second", title="Second", instructors=(instructor.email,))
    make_question(second, title="Second question")
    page = client.get(reverse("admin:assessments_question_changelist"))
    (course_filter,) = (f for f in page.context["cl"].filter_specs if f.field_path == "course")
    assert sorted(title for _pk, title in course_filter.lookup_choices) == ["Incoterms", "Second"]
    assert "Other" not in page.content.decode()


def test_an_assessment_pool_must_come_from_its_course(client, superuser, course):
    other = make_course("other")
    foreign = make_question(other, title="Foreign question")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:assessments_assessment_add"),
        {
            "course": course.pk,
            "title": "Mixed",
            "instructions": "",
            "weight": "1",
            "pass_mark": "70",
            "grading_method": "highest",
            "feedback_policy": "immediately",
            "questions": [foreign.pk],
        },
    )
    assert "Pick questions from this course" in str(response.context["adminform"].form.errors)
    assert not Assessment.objects.exists()
