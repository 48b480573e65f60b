"""The stored results that follow a grade: the assessment result, the course grade and the
learner's competency levels. A change is announced with `events.course_grade_changed`."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

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
            for assessment in assessments:
                _assessment_result_update(user=user, assessment=assessment)
            _course_results_update(user=user, course=course, regrade=False)
    return len(learners)


def results_update(*, user, assessment: Assessment, regrade: bool = False) -> None:
    """After a grade changes: the assessment result, the course grade, competency levels.

    The learner's row is locked first, so two grade changes for one learner (two graders, the
    sweep and a regrade) recompute one after the other instead of overwriting each other."""
    accounts.learner_lock(user)
    _assessment_result_update(user=user, assessment=assessment)
    _course_results_update(user=user, course=assessment.course, regrade=regrade)


def _assessment_result_update(*, user, assessment: Assessment) -> None:
    graded = list(
        Attempt.objects.filter(user=user, assessment=assessment, status=AttemptStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list("percent", flat=True)
    )
    if not graded:
        return
    if assessment.grading_method == GradingMethod.HIGHEST:
        percent = max(graded)
    elif assessment.grading_method == GradingMethod.LATEST:
        percent = graded[-1]
    else:
        percent = (sum(graded) / len(graded)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    AssessmentResult.objects.update_or_create(
        user=user,
        assessment=assessment,
        defaults={
            "percent": percent,
            "passed": percent >= assessment.pass_mark,
            "graded_attempts": len(graded),
        },
    )


def _course_results_update(*, user, course, regrade: bool) -> None:
    """The course grade and competency levels, then the event (inside the caller's transaction,
    with the learner's row locked)."""
    course_grade_update(user=user, course=course)
    competency_levels_update(user=user)
    events.course_grade_changed.send(sender=Assessment, user=user, course=course, regrade=regrade)


def course_grade_update(*, user, course) -> CourseGrade | None:
    """Weighted by assessment weights; passed at or above the course pass mark with every
    required assessment passed. An assessment not yet taken counts as 0."""
    enrollment = courses.enrollment_for(user=user, course=course)
    if enrollment is None:
        return None
    assessments = list(Assessment.objects.filter(course=course, is_published=True))
    results = {
        result.assessment_id: result
        for result in AssessmentResult.objects.filter(user=user, assessment__in=assessments)
    }
    total_weight = sum(a.weight for a in assessments)
    if not total_weight:  # nothing graded counts (any more): there is no course grade
        CourseGrade.objects.filter(enrollment=enrollment).delete()
        return None
    weighted = sum(
        a.weight * (results[a.pk].percent if a.pk in results else Decimal(0)) for a in assessments
    )
    percent = (weighted / total_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    required_passed = all(
        a.pk in results and results[a.pk].passed for a in assessments if a.required_for_certificate
    )
    grade, _created = CourseGrade.objects.update_or_create(
        enrollment=enrollment,
        defaults={"percent": percent, "passed": percent >= course.pass_mark and required_passed},
    )
    return grade


def competency_levels_update(*, user) -> None:
    """Each learner's level per competency: the highest level at which their graded evidence in
    their best attempt at each assessment meets the framework's rule (default 75% of the points
    available at that level). A competency with graded evidence but no level met keeps a row with
    no level: the map shows it as "tried, not yet at a level". A fixed number of queries whatever
    the amount of evidence."""
    best: dict[int, tuple] = {}
    for attempt_id, assessment_id, percent, submitted in Attempt.objects.filter(
        user=user, status=AttemptStatus.SUBMITTED
    ).values_list("pk", "assessment_id", "percent", "submitted_at"):
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
    CompetencyLevel.objects.bulk_create(
        CompetencyLevel(user=user, competency_id=competency_id, level_id=level_id)
        for competency_id, level_id in achieved.items()
        if competency_id not in existing
    )
    changed = [
        row for competency_id, row in existing.items() if row.level_id != achieved[competency_id]
    ]
    now = timezone.now()  # bulk_update skips auto_now: set it, or updated_at stays stale
    for row in changed:
        row.level_id, row.updated_at = achieved[row.competency_id], now
    CompetencyLevel.objects.bulk_update(changed, ["level_id", "updated_at"])
