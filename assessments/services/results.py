"""The stored results that follow a grade: the assessment result, the course grade and the
learner's competency levels. A change is announced with `events.course_grade_changed`."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import FilteredRelation, Q

from accounts import api as accounts
from assessments import events
from assessments.models import (
    Assessment,
    AssessmentResult,
    Attempt,
    AttemptStatus,
    CompetencyLevel,
    CourseGrade,
    GradingMethod,
    Response,
)
from courses import api as courses

TWO_PLACES = Decimal("0.01")


def course_grades_recompute(*, course_id: int) -> int:
    """Every learner's stored results of a course, after its grading rules changed: learners with
    graded attempts at its assessments, and learners holding a course grade in it (an assessment
    moved to another course leaves grades here to correct). One transaction and one
    `course_grade_changed` per learner. Returns how many learners."""
    course = courses.Course.objects.get(pk=course_id)
    assessments = list(Assessment.objects.filter(course_id=course_id))
    learners = set(
        Attempt.objects.filter(assessment__course_id=course_id, status=AttemptStatus.SUBMITTED)
        .values_list("user_id", flat=True)
        .distinct()
    ) | set(
        CourseGrade.objects.filter(enrollment__course_id=course_id).values_list(
            "enrollment__user_id", flat=True
        )
    )
    for user_id in sorted(learners):
        user = get_user_model()(pk=user_id)
        with transaction.atomic():
            accounts.learner_lock(user)
            attempts = _graded_attempts(user)
            for assessment in assessments:
                _assessment_result_update(user=user, assessment=assessment, attempts=attempts)
            _course_results_update(user=user, course=course, regrade=False, attempts=attempts)
    return len(learners)


def results_update(*, user, assessment: Assessment, regrade: bool = False) -> None:
    """After a grade changes: the assessment result, the course grade, competency levels.

    The learner's row is locked first, so two grade changes for one learner (two graders, the
    sweep and a regrade) recompute one after the other instead of overwriting each other."""
    accounts.learner_lock(user)
    attempts = _graded_attempts(user)
    _assessment_result_update(user=user, assessment=assessment, attempts=attempts)
    _course_results_update(user=user, course=assessment.course, regrade=regrade, attempts=attempts)


class GradedAttempt(NamedTuple):
    pk: int
    assessment_id: int
    percent: Decimal
    submitted_at: datetime


def _graded_attempts(user) -> list[GradedAttempt]:
    """The learner's graded attempts at every assessment, oldest first (one query, read once for
    the assessment result and the competency levels)."""
    return [
        GradedAttempt(*row)
        for row in Attempt.objects.filter(user=user, status=AttemptStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list("pk", "assessment_id", "percent", "submitted_at")
    ]


def _assessment_result_update(
    *, user, assessment: Assessment, attempts: list[GradedAttempt]
) -> None:
    graded = [attempt.percent for attempt in attempts if attempt.assessment_id == assessment.pk]
    if not graded:
        return
    if assessment.grading_method == GradingMethod.HIGHEST:
        percent = max(graded)
    elif assessment.grading_method == GradingMethod.LATEST:
        percent = graded[-1]
    else:
        percent = (sum(graded) / len(graded)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    AssessmentResult.objects.bulk_create(
        [
            AssessmentResult(
                user=user,
                assessment=assessment,
                percent=percent,
                passed=percent >= assessment.pass_mark,
                graded_attempts=len(graded),
            )
        ],
        **upsert(["user", "assessment"], ["percent", "passed", "graded_attempts", "updated_at"]),
    )


def upsert(unique_fields: list[str], update_fields: list[str]) -> dict:
    """bulk_create's arguments for an insert-or-update in one query (INSERT … ON CONFLICT): the
    row is locked like an UPDATE, without update_or_create's savepoint, read and write."""
    return {
        "update_conflicts": True,
        "unique_fields": unique_fields,
        "update_fields": update_fields,
    }


def _course_results_update(*, user, course, regrade: bool, attempts: list[GradedAttempt]) -> None:
    """The course grade and competency levels, then the event (inside the caller's transaction,
    with the learner's row locked)."""
    course_grade_update(user=user, course=course)
    competency_levels_update(user=user, attempts=attempts)
    events.course_grade_changed.send(sender=Assessment, user=user, course=course, regrade=regrade)


def course_grade_update(*, user, course) -> CourseGrade | None:
    """Weighted by assessment weights; passed at or above the course pass mark with every
    required assessment passed. An assessment not yet taken counts as 0."""
    enrollment = courses.enrollment_for(user=user, course=course)
    if enrollment is None:
        return None
    # Each published assessment with the learner's result, if any (one query).
    assessments = list(
        Assessment.objects.filter(course=course, is_published=True)
        .annotate(mine=FilteredRelation("results", condition=Q(results__user=user)))
        .values_list("weight", "required_for_certificate", "mine__percent", "mine__passed")
    )
    total_weight = sum(weight for weight, _required, _percent, _passed in assessments)
    if not total_weight:  # nothing graded counts (any more): there is no course grade
        CourseGrade.objects.filter(enrollment=enrollment).delete()
        return None
    weighted = sum(weight * (result or Decimal(0)) for weight, _r, result, _p in assessments)
    percent = (weighted / total_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    required_passed = all(passed for _w, required, _r, passed in assessments if required)
    [grade] = CourseGrade.objects.bulk_create(
        [
            CourseGrade(
                enrollment=enrollment,
                percent=percent,
                passed=percent >= course.pass_mark and required_passed,
            )
        ],
        **upsert(["enrollment"], ["percent", "passed", "updated_at"]),
    )
    return grade


def competency_levels_update(*, user, attempts: list[GradedAttempt] | None = None) -> None:
    """Each learner's level per competency: the highest level at which their graded evidence in
    their best attempt at each assessment meets the framework's rule (default 75% of the points
    available at that level). A competency with graded evidence but no level met keeps a row with
    no level: the map shows it as "tried, not yet at a level". A fixed number of queries whatever
    the amount of evidence."""
    best: dict[int, tuple] = {}
    for attempt_id, assessment_id, percent, submitted in (
        _graded_attempts(user) if attempts is None else attempts
    ):
        if assessment_id not in best or (percent, submitted) > best[assessment_id][1:]:
            best[assessment_id] = (attempt_id, percent, submitted)
    evidence: dict[int, dict] = {}
    for score, max_points, competency_id, rank, threshold, level_id in Response.objects.filter(
        item__attempt__in=[value[0] for value in best.values()],
        score__isnull=False,
        item__question_version__competency__isnull=False,
        item__question_version__level__isnull=False,
    ).values_list(
        "score",
        "max_points",
        "item__question_version__competency_id",
        "item__question_version__level__rank",
        "item__question_version__competency__framework__evidence_threshold",
        "item__question_version__level_id",
    ):
        levels = evidence.setdefault(competency_id, {"threshold": threshold, "by_rank": {}})
        earned, available, _level = levels["by_rank"].get(rank, (0, 0, level_id))
        levels["by_rank"][rank] = (earned + score, available + max_points, level_id)
    achieved = {}
    for competency_id, levels in evidence.items():
        met = [
            (rank, level_id)
            for rank, (earned, available, level_id) in levels["by_rank"].items()
            if available and earned * 100 >= levels["threshold"] * available
        ]
        achieved[competency_id] = max(met)[1] if met else None
    existing = {
        row.competency_id: row
        for row in CompetencyLevel.objects.filter(user=user, competency__in=achieved)
    }
    # New and changed levels in one write; an unchanged one keeps its updated_at.
    CompetencyLevel.objects.bulk_create(
        [
            CompetencyLevel(user=user, competency_id=competency_id, level_id=level_id)
            for competency_id, level_id in achieved.items()
            if competency_id not in existing or existing[competency_id].level_id != level_id
        ],
        **upsert(["user", "competency"], ["level", "updated_at"]),
    )
