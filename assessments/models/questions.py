"""Question banks: a course's questions, each with immutable versions.

A version that any attempt has drawn is never edited: editing the question makes a new version,
and attempts keep the one they drew (services.question_save). What a learner may see of a version
is its prompt and its choices' texts; the key (correct flags, numbers, accepted answers) stays on
the server until the feedback policy allows.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency, ProficiencyLevel
from courses.models import Course


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    NUMERIC = "numeric", _("Numeric")
    SHORT_TEXT = "short_text", _("Short text")
    ESSAY = "essay", _("Essay (graded by an instructor)")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}


class ToleranceMode(models.TextChoices):
    ABSOLUTE = "absolute", _("Absolute (± the tolerance)")
    RELATIVE = "relative", _("Relative (± the tolerance × the answer)")


class Question(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="questions", verbose_name=_("course")
    )
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind)
    title = models.CharField(_("label"), max_length=120, help_text=_("For the question bank list."))
    current_version = models.ForeignKey(
        "QuestionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    # Set by the admin's regrade action, cleared when the regrade has run: a sweep re-queues
    # regrades that a broker outage lost.
    regrade_requested_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("regrade requested at")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("question bank")
        ordering = ["course", "title"]

    def __str__(self) -> str:
        return self.title


class QuestionVersion(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions", verbose_name=_("question")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    prompt = models.TextField(_("prompt"), help_text=_("Markdown."))
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Markdown."))
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competency"),
    )
    level = models.ForeignKey(
        ProficiencyLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level"),
    )
    # [{"key": "c1", "text": "…", "correct": true}, …] for choice kinds
    choices = models.JSONField(default=list, blank=True, verbose_name=_("choices"))
    partial_credit = models.BooleanField(default=False, verbose_name=_("partial credit"))
    answer = models.DecimalField(
        max_digits=18, decimal_places=6, null=True, blank=True, verbose_name=_("answer")
    )
    tolerance = models.DecimalField(
        max_digits=18, decimal_places=6, null=True, blank=True, verbose_name=_("tolerance")
    )
    tolerance_mode = models.CharField(
        max_length=10,
        choices=ToleranceMode,
        default=ToleranceMode.ABSOLUTE,
        verbose_name=_("tolerance mode"),
    )
    accepted_answers = models.JSONField(
        default=list, blank=True, verbose_name=_("accepted answers")
    )
    rubric = models.TextField(blank=True, verbose_name=_("rubric"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("question version")
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_version_number"),
            models.CheckConstraint(condition=Q(points__gt=0), name="question_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.question.title} v{self.number}"
