"""Attempts: the frozen draw (items), the learner's responses, their grades.

The database guarantees one in-progress attempt per learner and assessment, one row per attempt
number, one response per item, and 0 ≤ score ≤ maximum.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment
from assessments.models.questions import QuestionVersion


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    NEEDS_GRADING = "needs_grading", _("Waiting for an instructor")
    SUBMITTED = "submitted", _("Graded")


class Attempt(models.Model):
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("user"),
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("assessment")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    status = models.CharField(
        max_length=20,
        choices=AttemptStatus,
        default=AttemptStatus.IN_PROGRESS,
        verbose_name=_("status"),
    )
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started at"))
    deadline = models.DateTimeField(null=True, blank=True, verbose_name=_("deadline"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    graded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("graded at"))
    score = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, verbose_name=_("score")
    )
    max_score = models.DecimalField(
        max_digits=10, decimal_places=2, default=0, verbose_name=_("maximum score")
    )
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("percent")
    )
    passed = models.BooleanField(null=True, verbose_name=_("passed"))

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assessment", "number"], name="one_attempt_per_number"
            ),
            models.UniqueConstraint(
                fields=["user", "assessment"],
                condition=Q(status="in_progress"),
                name="one_attempt_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("max_score")),
                name="attempt_score_within_maximum",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.assessment} #{self.number} ({self.user})"


class AttemptItem(models.Model):
    """A drawn question, frozen at start: its version, position and choice order."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="items", verbose_name=_("attempt")
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("question version"),
    )
    # [{"token": "opaque", "key": "c2"}, …] in the order shown; tokens are new for every attempt.
    choice_tokens = models.JSONField(default=list, blank=True, verbose_name=_("choice order"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_item_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"


class Response(models.Model):
    item = models.OneToOneField(
        AttemptItem, on_delete=models.CASCADE, related_name="response", verbose_name=_("item")
    )
    answer = models.JSONField(null=True, blank=True, verbose_name=_("answer"))
    saved_at = models.DateTimeField(auto_now=True, verbose_name=_("saved at"))
    max_points = models.DecimalField(
        max_digits=6, decimal_places=2, verbose_name=_("maximum points")
    )
    score = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, verbose_name=_("score")
    )
    is_correct = models.BooleanField(null=True, verbose_name=_("correct"))
    feedback = models.TextField(blank=True, verbose_name=_("feedback"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("graded at"))
    # Bumped on every grade; a grader's save names the version they saw (no lost updates).
    version = models.PositiveIntegerField(default=0, verbose_name=_("version"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("max_points")),
                name="response_score_within_maximum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.score}/{self.max_points}"


class ResponseToGrade(Response):
    """The instructors' grading queue: written answers waiting for points."""

    class Meta:
        proxy = True
        verbose_name = _("answer to grade")
        verbose_name_plural = _("grading queue")
