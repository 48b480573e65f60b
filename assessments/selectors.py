"""Reads for the learner's pages and API. What a learner may see of a question is decided here,
once: the prompt and the choice texts with this attempt's tokens; the key, correctness,
explanations and point breakdown only after submission, and only when the feedback policy allows.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Count, Q

from assessments.models import (
    Assessment,
    AssessmentResult,
    Attempt,
    AttemptStatus,
    CourseGrade,
    FeedbackPolicy,
    Response,
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


def feedback_shown(attempt: Attempt) -> bool:
    """`feedback_allowed`, reading the learner's result only for a policy that depends on it."""
    result = None
    if attempt.assessment.feedback_policy == FeedbackPolicy.AFTER_PASSING:
        result = AssessmentResult.objects.filter(
            user_id=attempt.user_id, assessment_id=attempt.assessment_id
        ).first()
    return feedback_allowed(attempt, result)


def attempt_view(attempt: Attempt, *, with_feedback: bool) -> dict:
    """The attempt as the learner may see it now (two queries)."""
    items = attempt.items.select_related("question_version__question", "response").order_by(
        "position"
    )
    questions = []
    saved_at = None
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
        saved_at = max(saved_at, response.saved_at) if saved_at else response.saved_at
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
        "saved_at": saved_at,  # the server copy's age: the take page restores newer local answers
    }


def _correct_answer(version) -> Decimal | str | None:
    """A number stays a Decimal, so a page prints it in the reader's format (1234,5 in French)
    and the API as digits with a point; trailing zeros dropped, never an exponent (1E+3)."""
    if version.answer is not None:
        number = version.answer.normalize()
        return number.quantize(Decimal(1)) if number == number.to_integral() else number
    if version.accepted_answers:
        return version.accepted_answers[0]
    return None


class NextAttempt(StrEnum):
    """What the learner can do next with an assessment."""

    CONTINUE = "continue"  # an attempt is in progress
    START = "start"  # another attempt may start
    ENROL = "enrol"  # not enrolled, or left the course
    USED_UP = "used_up"  # every attempt is used
    CLOSED = "closed"  # the assessment or its course is not open


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

    def next_attempt(self, *, can_study: bool) -> NextAttempt:
        """The same rules attempt_start applies, read ahead so a page offers only what works."""
        assessment = self.assessment
        if not (assessment.is_published and assessment.course.is_published):
            return NextAttempt.CLOSED
        if not can_study:
            return NextAttempt.ENROL
        if self.in_progress is not None:
            return NextAttempt.CONTINUE
        if self.attempts_left == 0:
            return NextAttempt.USED_UP
        return NextAttempt.START


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


@dataclass
class ReviewItem:
    competency: object  # competencies.Competency, with its framework
    lessons: list  # courses.Lesson, with module and course: this course's first


@dataclass
class Review:
    # True: the competencies of the questions where points were lost (the policy shows which
    # answers were wrong). False: every competency the attempt covers, which tells nothing about
    # which answers were wrong.
    missed_only: bool
    items: list[ReviewItem]


def attempt_review(attempt: Attempt, *, with_feedback: bool) -> Review:
    """What to study after a graded attempt, and the lessons that teach it (two queries).

    Only a feedback policy that shows correctness (`with_feedback`) narrows the list to where
    points were lost; otherwise the list is the same whatever the answers were.
    """
    if attempt.status != AttemptStatus.SUBMITTED:
        return Review(missed_only=with_feedback, items=[])
    items = attempt.items.select_related("question_version__competency__framework", "response")
    covered = {}
    for item in items:
        competency, response = item.question_version.competency, item.response
        if competency is None:
            continue
        if with_feedback and response.score is not None and response.score >= response.max_points:
            continue
        covered[competency.pk] = competency
    lessons = courses.lessons_teaching(
        competency_ids=list(covered), course=attempt.assessment.course
    )
    ordered = sorted(covered.values(), key=lambda c: (c.framework_id, c.tree_path, c.code))
    return Review(
        missed_only=with_feedback,
        items=[ReviewItem(competency, lessons.get(competency.pk, [])) for competency in ordered],
    )


def last_saved_at(attempt: Attempt):
    """When the server last stored any of the attempt's answers (one query)."""
    return (
        Response.objects.filter(item__attempt=attempt)
        .order_by("-saved_at")
        .values_list("saved_at", flat=True)
        .first()
    )


def course_assessments(course) -> list[Assessment]:
    return list(
        Assessment.objects.filter(course=course, is_published=True).select_related("module")
    )


def my_grades(*, user) -> list[AssessmentResult]:
    return list(
        AssessmentResult.objects.filter(user=user)
        .select_related("assessment__course")
        # What the grades list shows: not the rows' long texts.
        .only(
            "percent",
            "passed",
            "graded_attempts",
            "assessment__uuid",
            "assessment__title",
            "assessment__course__slug",
        )
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


@dataclass(frozen=True)
class ItemPoints:
    """One graded answer of an attempt and the competency its question is tagged with."""

    attempt_id: int
    framework_id: int | None
    tree_path: str | None  # the competency's place in its framework's tree; None: untagged
    score: Decimal
    max_points: Decimal


def graded_item_points(*, user, assessment: Assessment) -> list[ItemPoints]:
    """Every graded answer of the learner's graded attempts at `assessment` (one query): what a
    blueprint needs to score each attempt by area."""
    rows = Response.objects.filter(
        item__attempt__user=user,
        item__attempt__assessment=assessment,
        item__attempt__status=AttemptStatus.SUBMITTED,
    ).values_list(
        "item__attempt_id",
        "item__question_version__competency__framework_id",
        "item__question_version__competency__tree_path",
        "score",
        "max_points",
    )
    return [
        ItemPoints(attempt, framework, path, score or Decimal(0), max_points)
        for attempt, framework, path, score, max_points in rows
    ]


def graded_learner_ids(*, assessment: Assessment) -> set[int]:
    """The learners with a graded attempt at `assessment` (one query)."""
    return set(
        Attempt.objects.filter(assessment=assessment, status=AttemptStatus.SUBMITTED)
        .values_list("user_id", flat=True)
        .distinct()
    )


class StartBlocker(StrEnum):
    """Why a learner cannot start (or resume) an attempt now: the rules attempt_start applies,
    in its order."""

    CLOSED = "closed"  # the assessment or its course is not open
    NOT_ENROLLED = "not_enrolled"  # not enrolled, or left the course
    LESSONS_REQUIRED = "lessons_required"  # lessons it requires are not completed
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    NO_QUESTIONS = "no_questions"  # its pool has no question yet


@dataclass
class CourseAssessment:
    """One of a course's assessments as a learner sees it before starting: its rules, their
    attempts and kept grade, and whether they may start now."""

    status: AssessmentStatus
    required_lessons: list  # courses.Lesson
    completed_lesson_ids: set[int]
    blocker: StartBlocker | None

    @property
    def best_percent(self) -> Decimal | None:
        graded = [a.percent for a in self.status.attempts if a.percent is not None]
        return max(graded, default=None)


def course_assessment_list(*, user, course, enrollment) -> list[CourseAssessment]:
    """The course's published assessments with the learner's standing in each (five queries:
    assessments, their required lessons, the learner's attempts, results and completed
    lessons, whatever the number of assessments)."""
    assessments = list(
        Assessment.objects.filter(course=course, is_published=True)
        .select_related("course", "module")
        .prefetch_related("required_lessons")
        .annotate(
            current_questions=Count("questions", filter=Q(questions__current_version__isnull=False))
        )
    )
    attempts: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(user=user, assessment__in=assessments).order_by(
        "-number"
    ):
        attempts.setdefault(attempt.assessment_id, []).append(attempt)
    results = {
        result.assessment_id: result
        for result in AssessmentResult.objects.filter(user=user, assessment__in=assessments)
    }
    studying = courses.can_study(enrollment)
    completed = courses.completed_lesson_ids(enrollment) if enrollment else set()
    rows = []
    for assessment in assessments:
        status = AssessmentStatus(
            assessment, attempts.get(assessment.pk, []), results.get(assessment.pk)
        )
        required = list(assessment.required_lessons.all())
        rows.append(
            CourseAssessment(
                status=status,
                required_lessons=required,
                completed_lesson_ids=completed,
                blocker=_start_blocker(
                    status,
                    can_study=studying,
                    missing=any(lesson.pk not in completed for lesson in required),
                ),
            )
        )
    return rows


def _start_blocker(
    status: AssessmentStatus, *, can_study: bool, missing: bool
) -> StartBlocker | None:
    """What stops attempt_start now, read ahead (None: it starts or resumes an attempt)."""
    step = status.next_attempt(can_study=can_study)
    if step == NextAttempt.CLOSED:
        return StartBlocker.CLOSED
    if step == NextAttempt.ENROL:
        return StartBlocker.NOT_ENROLLED
    if missing:
        return StartBlocker.LESSONS_REQUIRED
    if step == NextAttempt.USED_UP:
        return StartBlocker.NO_ATTEMPTS_LEFT
    if step == NextAttempt.START and not status.assessment.current_questions:
        return StartBlocker.NO_QUESTIONS
    return None


@dataclass
class AssessmentGrade:
    assessment: Assessment
    result: AssessmentResult | None  # None: not graded yet


@dataclass
class CourseGrades:
    grade: CourseGrade | None  # None: no course grade yet
    assessments: list[AssessmentGrade]


def course_grades(*, enrollment) -> CourseGrades:
    """The learner's course grade for an enrolment and their grade on each of the course's
    published assessments (three queries)."""
    assessments = course_assessments(enrollment.course)
    results = {
        result.assessment_id: result
        for result in AssessmentResult.objects.filter(
            user_id=enrollment.user_id, assessment__in=assessments
        )
    }
    return CourseGrades(
        grade=CourseGrade.objects.filter(enrollment=enrollment).first(),
        assessments=[
            AssessmentGrade(assessment, results.get(assessment.pk)) for assessment in assessments
        ],
    )
