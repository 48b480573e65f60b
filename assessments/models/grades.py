"""Stored results: per learner and assessment, per enrolment (course grade), per learner and
competency (their level). Written when a grade changes, never computed on page views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment
from competencies.models import Competency, ProficiencyLevel
from courses.models import Enrollment


class AssessmentResult(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="results", verbose_name=_("assessment")
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("percent"))
    passed = models.BooleanField(verbose_name=_("passed"))
    graded_attempts = models.PositiveSmallIntegerField(verbose_name=_("graded attempts"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assessment"], name="one_result_per_assessment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.assessment}: {self.percent}%"


class CourseGrade(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="grade", verbose_name=_("enrollment")
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("percent"))
    passed = models.BooleanField(verbose_name=_("passed"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("course grade")

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.percent}%"


class CompetencyLevel(models.Model):
    """The highest level at which a learner's graded evidence meets the framework's rule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competency_levels",
        verbose_name=_("user"),
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="+", verbose_name=_("competency")
    )
    level = models.ForeignKey(
        ProficiencyLevel,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("level"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "competency"], name="one_level_per_competency"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.competency_id}: {self.level_id}"
