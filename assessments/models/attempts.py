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
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=AttemptStatus, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

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

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="+"
    )
    # [{"token": "opaque", "key": "c2"}, …] in the order shown; tokens are new for every attempt.
    choice_tokens = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_item_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"


class Response(models.Model):
    item = models.OneToOneField(AttemptItem, on_delete=models.CASCADE, related_name="response")
    answer = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)
    max_points = models.DecimalField(max_digits=6, decimal_places=2)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(null=True)
    feedback = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every grade; a grader's save names the version they saw (no lost updates).
    version = models.PositiveIntegerField(default=0)

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
