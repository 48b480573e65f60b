"""Saving an assessment: stored grades follow its grading rules (the admin calls the same)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import Assessment, CourseGrade
from tests.assessments.conftest import make_assessment, make_question, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(learner, course, enrolled):
    """A quiz taken with all answers right, beside an exam not yet taken: 50% in the course."""
    quiz = make_assessment(course, [make_question(course)], title="Quiz")
    exam = make_assessment(course, [make_question(course, title="Exam question")], title="Exam")
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    assert CourseGrade.objects.get().percent == Decimal("50.00")
    return exam


@pytest.mark.parametrize(
    ("field", "value", "percent"),
    [("weight", Decimal(0), "100.00"), ("is_published", False, "100.00"), ("weight", 3, "25.00")],
)
def test_a_grading_change_recomputes_the_stored_course_grades(
    graded, django_capture_on_commit_callbacks, field, value, percent
):
    setattr(graded, field, value)
    with django_capture_on_commit_callbacks() as callbacks:
        services.assessment_save(assessment=graded)
    assert len(callbacks) == 1  # the recomputation, queued once after commit
    callbacks[0]()
    assert CourseGrade.objects.get().percent == Decimal(percent)


def test_a_change_outside_the_grading_rules_queues_nothing(
    graded, django_capture_on_commit_callbacks
):
    graded.title = "Final exam"
    graded.instructions = "Take your time."
    graded.weight = Decimal("1.00")  # the same weight, written differently
    with django_capture_on_commit_callbacks() as callbacks:
        services.assessment_save(assessment=graded)
    assert callbacks == []
    assert Assessment.objects.get(pk=graded.pk).title == "Final exam"


def test_a_new_assessment_recomputes_only_when_published(
    course, graded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.assessment_save(assessment=Assessment(course=course, title="Draft quiz"))
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        services.assessment_save(
            assessment=Assessment(course=course, title="Open quiz", is_published=True, weight=2)
        )
    assert len(callbacks) == 1
    callbacks[0]()
    assert CourseGrade.objects.get().percent == Decimal("25.00")


def test_an_assessment_is_made_of_its_own_courses_parts(course):
    from tests.factories import make_course

    other = make_course("other-course")
    own_lesson = course.modules.first().lessons.first()
    foreign_lesson = other.modules.first().lessons.first()
    assert not services.assessment_scope_errors(
        course=course,
        module=course.modules.first(),
        questions=[make_question(course)],
        required_lessons=[own_lesson],
    )
    errors = services.assessment_scope_errors(
        course=course,
        module=other.modules.first(),
        questions=[make_question(other, title="Foreign")],
        required_lessons=[foreign_lesson],
    )
    assert set(errors) == {"module", "questions", "required_lessons"}


def test_moving_the_only_assessment_taken_leaves_no_stale_grade_behind(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    from courses import services as course_services
    from tests.factories import make_course

    quiz = make_assessment(course, [make_question(course)], title="Quiz")
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    assert CourseGrade.objects.get(enrollment=enrolled).passed
    elsewhere = make_course("elsewhere")
    course_services.enrollment_create(learner=learner, course=elsewhere)
    quiz.course, quiz.module = elsewhere, None
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_save(assessment=quiz, questions=[make_question(elsewhere)])
    # Nothing graded is left in the first course: no grade there counts the moved quiz.
    assert not CourseGrade.objects.filter(enrollment=enrolled).exists()
    moved = CourseGrade.objects.get(enrollment__course=elsewhere)
    assert (moved.percent, moved.passed) == (Decimal("100.00"), True)


def test_saving_sets_the_pool_and_required_lessons(course):
    lesson = course.modules.first().lessons.first()
    question = make_question(course)
    assessment = services.assessment_save(
        assessment=Assessment(course=course, title="Quiz"),
        questions=[question],
        required_lessons=[lesson],
    )
    assert list(assessment.questions.all()) == [question]
    assert list(assessment.required_lessons.all()) == [lesson]
    # None leaves them as they are.
    assessment.title = "Renamed quiz"
    services.assessment_save(assessment=assessment)
    assert list(assessment.questions.all()) == [question]


def test_saving_refuses_another_courses_parts_by_field(course):
    from tests.factories import make_course

    other = make_course("other-course")
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            assessment=Assessment(course=course, title="Mixed", module=other.modules.first()),
            questions=[make_question(other, title="Foreign")],
            required_lessons=[other.modules.first().lessons.first()],
        )
    assert set(refused.value.message_dict) == {"module", "questions", "required_lessons"}
    assert not Assessment.objects.exists()


def test_moving_an_assessment_keeps_its_parts_in_its_course(course):
    from tests.factories import make_course

    quiz = make_assessment(course, [make_question(course)])
    quiz.course = make_course("other-course")
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(assessment=quiz)
    assert set(refused.value.message_dict) == {"questions"}
    assert Assessment.objects.get(pk=quiz.pk).course == course
