"""An assessment: its rules (attempts, time, drawing, grading, feedback) and its question pool."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.questions import Question
from courses.models import Course, Lesson, Module


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LATEST = "latest", _("Latest attempt")
    AVERAGE = "average", _("Average of attempts")


class FeedbackPolicy(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after submitting")
    AFTER_PASSING = "after_passing", _("Once the learner has passed")
    NEVER = "never", _("Never (score only)")


class Assessment(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("course")
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("module"),
    )
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True, help_text=_("Markdown."))
    is_published = models.BooleanField(_("open to learners"), default=False)
    weight = models.DecimalField(
        _("weight in the course grade"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty for unlimited."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Draw this many at random from the pool; empty for all, in order."),
    )
    draw_per_competency = models.BooleanField(
        _("spread the draw across competencies"), default=False
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    grading_method = models.CharField(
        _("grading method"), max_length=20, choices=GradingMethod, default=GradingMethod.HIGHEST
    )
    feedback_policy = models.CharField(
        _("feedback"), max_length=20, choices=FeedbackPolicy, default=FeedbackPolicy.IMMEDIATELY
    )
    required_lessons = models.ManyToManyField(
        Lesson, blank=True, related_name="+", verbose_name=_("available after these lessons")
    )
    required_for_certificate = models.BooleanField(_("required for the certificate"), default=False)
    questions = models.ManyToManyField(
        Question, blank=True, related_name="assessments", verbose_name=_("question pool")
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["course", "module__order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="pass_mark_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title
