"""Grading after submission: an instructor grading an open answer (with a version check against
a second grader) and regrading every answer to a question after its key is fixed."""

import logging
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import (
    Attempt,
    AttemptItem,
    AttemptStatus,
    Question,
    QuestionKind,
    QuestionVersion,
    Response,
)
from assessments.services.attempts import attempt_finalize, attempt_locked
from core.enqueue import enqueue_on_commit
from core.errors import Conflict

logger = logging.getLogger(__name__)

# Instructor grading --------------------------------------------------------------------------


class GradingConflict(Conflict):
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
            attempt_finalize(attempt, total, now)
    response.refresh_from_db()
    return response


def _refresh_totals(attempt: Attempt, now) -> None:
    """An already graded attempt's score changed (a regrade, a grader's change)."""
    total = Response.objects.filter(item__attempt=attempt).aggregate(t=Sum("score"))["t"] or 0
    attempt_finalize(attempt, total, now, regrade=True)


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
        attempt = attempt_locked(item.attempt_id)
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
    Question.objects.filter(pk=question.pk).update(regrade_requested_at=timezone.now())
    enqueue_on_commit("assessments.tasks.regrade_question", question.pk)
