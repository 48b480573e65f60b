"""Reads for the learner's pages and API. What a learner may see of a question is decided here,
once: the prompt and the choice texts with this attempt's tokens; the key, correctness,
explanations and point breakdown only after submission, and only when the feedback policy allows.
"""

from dataclasses import dataclass

from assessments.models import (
    Assessment,
    AssessmentResult,
    Attempt,
    AttemptStatus,
    CourseGrade,
    FeedbackPolicy,
)
from core.markdown import render_markdown
from courses import api as courses


def attempt_for(*, user, uuid) -> Attempt | None:
    """The learner's own attempt; anyone else's is None (a 404)."""
    return Attempt.objects.filter(user=user, uuid=uuid).select_related("assessment__course").first()


def feedback_allowed(attempt: Attempt, result: AssessmentResult | None) -> bool:
    if attempt.status != AttemptStatus.SUBMITTED:
        return False
    policy = attempt.assessment.feedback_policy
    if policy == FeedbackPolicy.IMMEDIATELY:
        return True
    if policy == FeedbackPolicy.AFTER_PASSING:
        return bool(result and result.passed)
    return False


def attempt_view(attempt: Attempt, *, with_feedback: bool) -> dict:
    """The attempt as the learner may see it now (two queries)."""
    items = attempt.items.select_related("question_version__question", "response").order_by(
        "position"
    )
    questions = []
    for item in items:
        version, response = item.question_version, item.response
        text_of = {choice["key"]: choice["text"] for choice in version.choices}
        correct = {choice["key"] for choice in version.choices if choice.get("correct")}
        question = {
            "position": item.position,
            "kind": version.question.kind,
            "prompt_html": render_markdown(version.prompt),
            "points": response.max_points,  # as offered when the attempt started
            "choices": [
                {"token": choice["token"], "text": text_of.get(choice["key"], "")}
                for choice in item.choice_tokens
            ],
            "answer": response.answer,
        }
        if with_feedback:
            question.update(
                score=response.score,
                is_correct=response.is_correct,
                explanation_html=render_markdown(version.explanation),
                correct_tokens=[c["token"] for c in item.choice_tokens if c["key"] in correct],
                correct_answer=_correct_answer(version),
                feedback=response.feedback,
            )
        questions.append(question)
    return {
        "uuid": attempt.uuid,
        "assessment": attempt.assessment.title,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "questions": questions,
    }


def _correct_answer(version) -> str | None:
    if version.answer is not None:
        return f"{version.answer.normalize():f}"
    if version.accepted_answers:
        return version.accepted_answers[0]
    return None


@dataclass
class AssessmentStatus:
    assessment: Assessment
    attempts: list[Attempt]
    result: AssessmentResult | None

    @property
    def in_progress(self) -> Attempt | None:
        return next((a for a in self.attempts if a.status == AttemptStatus.IN_PROGRESS), None)

    @property
    def attempts_left(self) -> int | None:
        if self.assessment.max_attempts is None:
            return None
        return max(0, self.assessment.max_attempts - len(self.attempts))


def assessment_status(*, user, assessment: Assessment) -> AssessmentStatus:
    attempts = (
        list(Attempt.objects.filter(user=user, assessment=assessment).order_by("-number"))
        if user.is_authenticated
        else []
    )
    result = (
        AssessmentResult.objects.filter(user=user, assessment=assessment).first()
        if user.is_authenticated
        else None
    )
    return AssessmentStatus(assessment, attempts, result)


def course_assessments(course) -> list[Assessment]:
    return list(
        Assessment.objects.filter(course=course, is_published=True).select_related("module")
    )


def my_grades(*, user) -> list[AssessmentResult]:
    return list(
        AssessmentResult.objects.filter(user=user)
        .select_related("assessment__course")
        .order_by("assessment__course__title", "assessment__title")
    )


def passed_families(*, user) -> set[int]:
    """Course families in which the learner holds a passing course grade (any version)."""
    return set(
        CourseGrade.objects.filter(enrollment__user=user, passed=True)
        .annotate(family=courses.family_of("enrollment__course"))
        .values_list("family", flat=True)
    )


def course_grades_by_enrollment(enrollments) -> dict[int, CourseGrade]:
    """Each enrolment's stored course grade (one query)."""
    return {
        grade.enrollment_id: grade
        for grade in CourseGrade.objects.filter(enrollment__in=enrollments)
    }
