"""Writes for assessments: starting, answering, submitting, grading, regrading, and the stored
results that follow a grade (assessment result, course grade, competency levels).

Every state change that must happen together runs in one transaction; races are settled by row
locks (the enrolment for starts, the attempt for saves and submits) and by conditional updates
(a grader's version check).
"""

import contextlib
import logging
import random
import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import draw, scoring
from assessments.models import (
    Assessment,
    AssessmentResult,
    Attempt,
    AttemptItem,
    AttemptStatus,
    CompetencyLevel,
    CourseGrade,
    ExportStatus,
    GradeExport,
    GradingMethod,
    Question,
    QuestionKind,
    QuestionVersion,
    Response,
)
from config.celery import enqueue_on_commit
from courses import api as courses

logger = logging.getLogger(__name__)

# Answers still count for this long after the deadline: network and clock slack, not extra time.
GRACE = timedelta(seconds=30)
TWO_PLACES = Decimal("0.01")


class AttemptConflict(Exception):
    """The request conflicts with the attempt's state (no attempts left, already submitted):
    a 409 in the API, a message on the pages."""


class AnswerErrors(ValidationError):
    """Answers that cannot be saved, by item position; nothing of the request is saved."""


def _percent(score: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return Decimal(0)
    return (score * 100 / maximum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# Starting ------------------------------------------------------------------------------------


def attempt_start(*, learner, assessment: Assessment, rng: random.Random | None = None) -> Attempt:
    """Start (or resume) an attempt: draws and freezes its questions, versions and choice order.

    The learner's enrolment row is locked, so two concurrent starts with one attempt left make
    exactly one attempt.
    """
    course = assessment.course
    if not (assessment.is_published and course.is_published):
        raise ValidationError(_("This assessment is not open."))
    overdue = Attempt.objects.filter(
        user=learner,
        assessment=assessment,
        status=AttemptStatus.IN_PROGRESS,
        deadline__lt=timezone.now() - GRACE,
    ).first()
    if overdue is not None:  # its time is up: submitted as it stood, before anything else
        with contextlib.suppress(AttemptConflict):  # or it was submitted meanwhile
            attempt_submit(attempt=overdue)
    with transaction.atomic():
        enrollment = courses.enrollment_lock(user=learner, course=course)
        if not courses.can_study(enrollment):
            raise PermissionDenied(_("Enrol in the course to take its assessments."))
        missing = assessment.required_lessons.exclude(
            pk__in=courses.completed_lesson_ids(enrollment)
        )
        if missing.exists():
            raise ValidationError(
                _("Complete these lessons first: %(titles)s.")
                % {"titles": ", ".join(lesson.title for lesson in missing)}
            )
        current = Attempt.objects.filter(
            user=learner, assessment=assessment, status=AttemptStatus.IN_PROGRESS
        ).first()
        if current is not None:
            return current  # resume (an overdue one was submitted above)
        used = Attempt.objects.filter(user=learner, assessment=assessment).count()
        if assessment.max_attempts and used >= assessment.max_attempts:
            raise AttemptConflict(
                ngettext(
                    "You have used your %(count)d attempt at this assessment.",
                    "You have used all %(count)d attempts at this assessment.",
                    assessment.max_attempts,
                )
                % {"count": assessment.max_attempts}
            )
        rng = rng or random.SystemRandom()
        versions = draw.draw(assessment, rng)
        if not versions:
            raise ValidationError(_("This assessment has no questions yet."))
        now = timezone.now()
        attempt = Attempt.objects.create(
            user=learner,
            assessment=assessment,
            number=used + 1,
            max_score=sum(version.points for version in versions),
            deadline=now + timedelta(minutes=assessment.time_limit_minutes)
            if assessment.time_limit_minutes
            else None,
        )
        items = AttemptItem.objects.bulk_create(
            AttemptItem(
                attempt=attempt,
                position=position,
                question_version=version,
                choice_tokens=draw.choice_tokens(
                    version, version.question.kind, shuffle=assessment.shuffle_choices, rng=rng
                ),
            )
            for position, version in enumerate(versions, start=1)
        )
        Response.objects.bulk_create(
            Response(item=item, max_points=version.points)
            for item, version in zip(items, versions, strict=True)
        )
    return attempt


def _locked(attempt_id: int) -> Attempt:
    """The attempt, locked until the transaction ends (only its own row, not the joined ones)."""
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("assessment__course", "user")
        .get(pk=attempt_id)
    )


def _require_enrolled(attempt: Attempt) -> None:
    """A learner who left the course cannot go on with an attempt (the deadline sweep still
    submits it as it stood)."""
    enrollment = courses.enrollment_for(user=attempt.user, course=attempt.assessment.course)
    if not courses.can_study(enrollment):
        raise AttemptConflict(_("You left this course; enrol again to finish this attempt."))


def _overdue(attempt: Attempt, now=None) -> bool:
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline + GRACE


# Answering and submitting --------------------------------------------------------------------


def _items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        attempt.items.select_related("question_version__question", "response").order_by("position")
    )


def _apply_answers(attempt: Attempt, items: list[AttemptItem], answers: dict) -> list[Response]:
    """Validate every answer, then set them on the responses (unsaved). Raises AnswerErrors
    naming each bad one; nothing is changed then."""
    by_position = {item.position: item for item in items}
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for position, raw in answers.items():
        item = by_position.get(_as_int(position))
        if item is None:
            errors[str(position)] = [_("This question is not part of the attempt.")]
            continue
        version = item.question_version
        try:
            cleaned[item.position] = scoring.clean_answer(
                version, version.question.kind, item.choice_tokens, raw
            )
        except ValidationError as error:
            errors[str(position)] = error.messages
    if errors:
        raise AnswerErrors(errors)
    changed = []
    for position, answer in cleaned.items():
        response = by_position[position].response
        response.answer = answer
        changed.append(response)
    return changed


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def attempt_save(*, attempt: Attempt, answers: dict) -> Attempt:
    """Autosave: store answers while the attempt is open and before its deadline."""
    with transaction.atomic():
        attempt = _locked(attempt.pk)
        if attempt.status != AttemptStatus.IN_PROGRESS:
            raise AttemptConflict(
                _("This attempt is already submitted; answers can no longer change.")
            )
        if _overdue(attempt):
            raise AttemptConflict(
                _("The time for this attempt is up; it will be submitted as saved.")
            )
        _require_enrolled(attempt)
        changed = _apply_answers(attempt, _items(attempt), answers)
        if changed:
            Response.objects.bulk_update(changed, ["answer", "saved_at"])
    return attempt


def attempt_submit(*, attempt: Attempt, answers: dict | None = None) -> Attempt:
    """Submit once: store the last answers, score what can be scored, and record the results.

    A second submit (a double click, a retry, 20 concurrent requests) gets AttemptConflict: the
    attempt row lock lets exactly one of them grade.
    """
    with transaction.atomic():
        locked = _locked(attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            raise AttemptConflict(_("This attempt was already submitted."))
        _require_enrolled(locked)
        if answers and _overdue(locked):
            answers = None  # too late to change anything: it is submitted as it stood
        return _submit_locked(locked, answers=answers)


def _submit_locked(attempt: Attempt, *, answers: dict | None) -> Attempt:
    items = _items(attempt)
    if answers:
        _apply_answers(attempt, items, answers)
    now = timezone.now()
    waiting = False
    responses = []
    for item in items:
        response, version = item.response, item.question_version
        points, correct = scoring.score(
            version, version.question.kind, item.choice_tokens, response.answer, response.max_points
        )
        if points is None and response.answer is None:  # an empty essay is simply zero
            points, correct = Decimal(0), False
        waiting = waiting or points is None
        response.score, response.is_correct = points, correct
        response.graded_at = now if points is not None else None
        responses.append(response)
    # One bulk write for every answer and grade: on PostgreSQL one query for 50 or 500
    # questions (SQLite splits it into batches of its 999-parameter limit).
    Response.objects.bulk_update(responses, ["answer", "score", "is_correct", "graded_at"])
    attempt.submitted_at = now
    if waiting:
        attempt.status = AttemptStatus.NEEDS_GRADING
        attempt.save(update_fields=["status", "submitted_at"])
    else:
        _finalize(attempt, sum(r.score for r in responses), now)
    return attempt


def _finalize(attempt: Attempt, score: Decimal, now, *, regrade: bool = False) -> None:
    attempt.status = AttemptStatus.SUBMITTED
    attempt.score = score
    attempt.percent = _percent(score, attempt.max_score)
    attempt.passed = attempt.percent >= attempt.assessment.pass_mark
    attempt.graded_at = now
    attempt.save(
        update_fields=["status", "submitted_at", "score", "percent", "passed", "graded_at"]
    )
    results_update(user=attempt.user, assessment=attempt.assessment, regrade=regrade)


def attempts_submit_overdue(*, now=None) -> int:
    """The periodic sweep: submit every attempt past its deadline as it stands. One attempt that
    fails is logged and left for the next sweep; it never blocks the others."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=AttemptStatus.IN_PROGRESS, deadline__lt=now - GRACE
    ).values_list("pk", flat=True)
    done = 0
    for attempt_id in overdue:
        try:
            with transaction.atomic():
                attempt = _locked(attempt_id)
                if attempt.status == AttemptStatus.IN_PROGRESS:  # not submitted meanwhile
                    _submit_locked(attempt, answers=None)
                    done += 1
        except Exception:
            logger.exception("Could not submit overdue attempt %s", attempt_id)
    return done


# Instructor grading --------------------------------------------------------------------------


class GradingConflict(Exception):
    """Another grader saved this response since the form was opened."""


def response_grade(
    *, response: Response, points: Decimal, feedback: str, expected_version: int, grader
) -> Response:
    if not Decimal(0) <= points <= response.max_points:
        raise ValidationError(
            _("Give between 0 and %(max)s points.") % {"max": response.max_points}
        )
    with transaction.atomic():
        now = timezone.now()
        updated = Response.objects.filter(pk=response.pk, version=expected_version).update(
            score=points,
            is_correct=points == response.max_points,
            feedback=feedback,
            graded_by=grader,
            graded_at=now,
            version=F("version") + 1,
        )
        if not updated:
            raise GradingConflict(
                _("Someone else graded this answer while you were; reload to see their grade.")
            )
        attempt = Attempt.objects.select_for_update().get(pk=response.item.attempt_id)
        if attempt.status == AttemptStatus.SUBMITTED:
            # A change to an already graded attempt: totals and results follow.
            _refresh_totals(attempt, now)
        elif (
            attempt.status == AttemptStatus.NEEDS_GRADING
            and not Response.objects.filter(item__attempt=attempt, score__isnull=True).exists()
        ):
            total = Response.objects.filter(item__attempt=attempt).aggregate(t=Sum("score"))["t"]
            _finalize(attempt, total, now)
    response.refresh_from_db()
    return response


def _refresh_totals(attempt: Attempt, now) -> None:
    """An already graded attempt's score changed (a regrade, a grader's change)."""
    total = Response.objects.filter(item__attempt=attempt).aggregate(t=Sum("score"))["t"] or 0
    _finalize(attempt, total, now, regrade=True)


# Regrading -----------------------------------------------------------------------------------


def question_regrade(*, question: Question) -> int:
    """Rescore every submitted answer to this question with its current key (after a key fix).

    Answers keep the choices they picked (by key), so the fixed key applies to old attempts; the
    points stay those each learner was offered. Attempts still in progress move to the current
    version, so they are graded with the fixed key too. Safe to run twice. Returns the number of
    answers whose score changed.
    """
    key = question.current_version
    _move_open_attempts_to(key)
    changed = 0
    if question.kind != QuestionKind.ESSAY:
        items = AttemptItem.objects.filter(
            question_version__question=question,
            attempt__status__in=[AttemptStatus.SUBMITTED, AttemptStatus.NEEDS_GRADING],
        ).select_related("response")
        for item in items:
            changed += _rescore(item, key)
    Question.objects.filter(pk=question.pk).update(regrade_requested_at=None)
    return changed


def _rescore(item: AttemptItem, key: QuestionVersion) -> int:
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=item.response.pk)
        share = scoring.fraction(key, key.question.kind, item.choice_tokens, response.answer)
        points, correct = scoring.points_for(share, response.max_points), share == 1
        if points == response.score and correct == response.is_correct:
            return 0
        Response.objects.filter(pk=response.pk).update(
            score=points, is_correct=correct, version=F("version") + 1
        )
        attempt = _locked(item.attempt_id)
        if attempt.status == AttemptStatus.SUBMITTED:
            _refresh_totals(attempt, timezone.now())
    return 1


def _move_open_attempts_to(version: QuestionVersion) -> None:
    """Attempts in progress get the fixed version; their tokens keep naming the same choices,
    and a choice the fix added gets a token of its own."""
    for item in AttemptItem.objects.filter(
        question_version__question_id=version.question_id,
        attempt__status=AttemptStatus.IN_PROGRESS,
    ).exclude(question_version=version):
        with transaction.atomic():
            item = AttemptItem.objects.select_for_update().get(pk=item.pk)
            known = {token["key"] for token in item.choice_tokens}
            item.choice_tokens = [
                token
                for token in item.choice_tokens
                if token["key"] in {c["key"] for c in version.choices}
            ] + [
                {"token": secrets.token_urlsafe(9), "key": choice["key"]}
                for choice in version.choices
                if choice["key"] not in known
            ]
            item.question_version = version
            item.save(update_fields=["question_version", "choice_tokens"])


def question_regrade_request(*, question: Question) -> None:
    """The admin action: recorded first, so a lost task is re-queued by the sweep."""
    from assessments.tasks import regrade_question

    Question.objects.filter(pk=question.pk).update(regrade_requested_at=timezone.now())
    enqueue_on_commit(regrade_question, question.pk)


def pending_work_requeue(*, older_than=timedelta(minutes=10)) -> int:
    """Work whose task a broker outage lost: regrades, grade exports, certificates to issue,
    render or announce. Each task checks what is left to do, so queuing twice is harmless."""
    from assessments.models import Certificate
    from assessments.tasks import (
        build_grade_export,
        email_certificate,
        issue_certificate_if_earned,
        regrade_question,
        render_certificate,
    )

    cutoff = timezone.now() - older_than
    work = [
        (regrade_question, (pk,))
        for pk in Question.objects.filter(regrade_requested_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ]
    work += [
        (build_grade_export, (pk,))
        for pk in GradeExport.objects.filter(
            status=ExportStatus.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    ]
    old_certificates = Certificate.objects.filter(issued_at__lt=cutoff)
    work += [
        (render_certificate, (pk,))
        for pk in old_certificates.filter(rendered_at=None, render_error="").values_list(
            "pk", flat=True
        )
    ]
    work += [
        (email_certificate, (pk,))
        for pk in old_certificates.filter(emailed_at=None).values_list("pk", flat=True)
    ]
    work += [
        (issue_certificate_if_earned, (user_id, course_id))
        for user_id, course_id in CourseGrade.objects.filter(passed=True, updated_at__lt=cutoff)
        .exclude(enrollment__course__certificates__user=F("enrollment__user"))
        # Lessons still to finish: completing the last one checks again, not the sweep.
        .exclude(
            Q(enrollment__course__certificate_needs_all_lessons=True)
            & ~Q(enrollment__status=courses.EnrollmentStatus.COMPLETED)
        )
        .values_list("enrollment__user_id", "enrollment__course_id")
    ]
    for task, args in work:
        task.delay(*args)
    return len(work)


def course_grades_recompute(*, course_id: int) -> int:
    """Every enrolled learner's stored results of a course, after its grading rules changed."""
    count = 0
    for assessment in Assessment.objects.filter(course_id=course_id):
        for user_id in (
            Attempt.objects.filter(assessment=assessment, status=AttemptStatus.SUBMITTED)
            .values_list("user_id", flat=True)
            .distinct()
        ):
            with transaction.atomic():
                results_update(user=get_user_model()(pk=user_id), assessment=assessment)
            count += 1
    return count


# Results -------------------------------------------------------------------------------------


def results_update(*, user, assessment: Assessment, regrade: bool = False) -> None:
    """After a grade changes: the assessment result, the course grade, competency levels.

    The learner's row is locked first, so two grade changes for one learner (two graders, the
    sweep and a regrade) recompute one after the other instead of overwriting each other."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    graded = list(
        Attempt.objects.filter(user=user, assessment=assessment, status=AttemptStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list("percent", flat=True)
    )
    if graded:
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
    course_grade_update(user=user, course=assessment.course)
    competency_levels_update(user=user)
    _certificate_follow_up(user=user, course=assessment.course, regrade=regrade)


def _certificate_follow_up(*, user, course, regrade: bool) -> None:
    """A grade changed: an issued certificate follows it (see `grade_follow_up`); after commit, a
    certificate may be earned."""
    from assessments.certificates import grade_follow_up
    from assessments.tasks import issue_certificate_if_earned

    grade_follow_up(user=user, course=course, regrade=regrade)
    enqueue_on_commit(issue_certificate_if_earned, user.pk, course.pk)


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
    if not total_weight:
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
    available at that level). A fixed number of queries whatever the amount of evidence."""
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
    for row in changed:
        row.level_id = achieved[row.competency_id]
    CompetencyLevel.objects.bulk_update(changed, ["level_id", "updated_at"])


# Authoring -----------------------------------------------------------------------------------

VERSION_FIELDS = (
    "prompt",
    "points",
    "explanation",
    "competency",
    "level",
    "choices",
    "partial_credit",
    "answer",
    "tolerance",
    "tolerance_mode",
    "accepted_answers",
    "rubric",
)


@transaction.atomic
def question_save(*, question: Question, content: dict) -> Question:
    """Save a question's content. A version already drawn by an attempt is never changed: the
    edit becomes a new version, and old attempts keep theirs (a regrade is a separate action)."""
    question.save()
    current = question.current_version
    if current is None or AttemptItem.objects.filter(question_version=current).exists():
        number = (current.number + 1) if current else 1
        current = QuestionVersion(question=question, number=number)
    for name in VERSION_FIELDS:
        setattr(
            current, name, content.get(name, getattr(QuestionVersion, name).field.get_default())
        )
    current.full_clean(exclude=["question"])
    current.save()
    if question.current_version_id != current.pk:
        question.current_version = current
        question.save(update_fields=["current_version"])
    return question
