"""Taking an assessment: starting (questions drawn and frozen), autosaving, submitting once, and
the sweep that submits attempts past their deadline.

Races are settled by row locks: the enrolment for starts, the attempt for saves and submits.
"""

import contextlib
import logging
import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import draw, scoring
from assessments.models import (
    Assessment,
    Attempt,
    AttemptItem,
    AttemptStatus,
    Response,
)
from assessments.services.results import TWO_PLACES, results_update
from core.bidi import isolate_all
from core.errors import Conflict, FieldErrors
from courses import api as courses

logger = logging.getLogger(__name__)

GRACE = timedelta(seconds=30)


class AttemptConflict(Conflict):
    """The request conflicts with the state of the assessment or the attempt (not open, lessons
    still to complete, no attempts left, already submitted, time up): a 409 in the API, a message
    on the pages."""


class AnswerErrors(FieldErrors):
    """Answers that cannot be saved, by item position; nothing of the request is saved. The API
    reports them as `errors.answers.<position>`."""

    field = "answers"


def percent_of(score: Decimal, maximum: Decimal) -> Decimal:
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
        raise AttemptConflict(_("This assessment is not open."))
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
            raise AttemptConflict(
                _("Complete these lessons first: %(titles)s.")
                % {"titles": isolate_all(lesson.title for lesson in missing)}
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
            raise AttemptConflict(_("This assessment has no questions yet."))
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


def attempt_locked(attempt_id: int) -> Attempt:
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
    now = timezone.now()  # bulk_update skips auto_now: set it, or saved_at stays stale
    for position, answer in cleaned.items():
        response = by_position[position].response
        response.answer, response.saved_at = answer, now
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
        attempt = attempt_locked(attempt.pk)
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
        locked = attempt_locked(attempt.pk)
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
    _responses_write(responses)
    attempt.submitted_at = now
    if waiting:
        attempt.status = AttemptStatus.NEEDS_GRADING
        attempt.save(update_fields=["status", "submitted_at"])
    else:
        attempt_finalize(attempt, sum(r.score for r in responses), now)
    return attempt


def _responses_write(responses: list[Response]) -> None:
    """Every answer and grade in one statement whose cost grows linearly with the rows: an
    INSERT … ON CONFLICT (id) DO UPDATE of rows that all exist (bulk_update would build a CASE of
    one branch per row for every field, quadratic for PostgreSQL to run and costly for Django to
    build). One query for 50 or 500 questions on PostgreSQL; SQLite splits it into batches of
    its 999-parameter limit. `saved_at` (auto_now) becomes the submission time."""
    Response.objects.bulk_create(
        responses,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["answer", "saved_at", "score", "is_correct", "graded_at"],
    )


def attempt_finalize(attempt: Attempt, score: Decimal, now, *, regrade: bool = False) -> None:
    attempt.status = AttemptStatus.SUBMITTED
    attempt.score = score
    attempt.percent = percent_of(score, attempt.max_score)
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
                attempt = attempt_locked(attempt_id)
                if attempt.status == AttemptStatus.IN_PROGRESS:  # not submitted meanwhile
                    _submit_locked(attempt, answers=None)
                    done += 1
        except Exception:
            logger.exception("Could not submit overdue attempt %s", attempt_id)
    return done
