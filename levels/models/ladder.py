"""A target role's ladder: ordered levels, each with its eligibility rules.

A level asks for any of: competencies at a minimum proficiency (shown by graded evidence from any
course), course certificates (any language version of the course counts), a minimum of study
(the stated effort of the course families the learner achieved), a level exam (an assessment
scored by a blueprint of weighted units, each with a minimum), attested work experience, and an
assessor's review. What a rule may point at is checked by `levels.services.ladder`.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from competencies.models import Competency, ProficiencyLevel, TargetRole
from courses.models import Course


class RoleLevel(models.Model):
    role = models.ForeignKey(
        TargetRole, on_delete=models.PROTECT, related_name="ladder", verbose_name=_("role")
    )
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("1 for the first level of the ladder, 2 for the next…"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Foundation"))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    min_study_hours = models.PositiveSmallIntegerField(
        _("minimum study (hours)"),
        default=0,
        validators=[MaxValueValidator(5000)],
        help_text=_(
            "The stated effort of the courses the learner completed or passed (each course "
            "family once, in any language version). 0: no minimum."
        ),
    )
    min_experience_months = models.PositiveSmallIntegerField(
        _("attested work experience (months)"),
        default=0,
        validators=[MaxValueValidator(600)],
        help_text=_("Months of work in this role, attested by an assessor. 0: not required."),
    )
    exam = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level exam"),
        help_text=_(
            "An assessment whose questions are tagged with competencies; its blueprint units "
            "score it. Empty: no exam."
        ),
    )
    exam_pass_mark = models.PositiveSmallIntegerField(
        _("exam pass mark (%)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The weighted score needed to pass, in addition to each unit's minimum."),
    )
    needs_review = models.BooleanField(
        _("assessor's review before award"),
        default=False,
        help_text=_("If ticked, an assessor approves each application once the rules are met."),
    )

    class Meta:
        verbose_name = _("role level")
        verbose_name_plural = _("role levels")
        ordering = ["role", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["role", "rank"], name="one_role_level_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.name}"


class LevelCompetency(models.Model):
    level = models.ForeignKey(
        RoleLevel,
        on_delete=models.CASCADE,
        related_name="competency_rules",
        verbose_name=_("level"),
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    min_level = models.ForeignKey(
        ProficiencyLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("minimum level"),
    )

    class Meta:
        verbose_name = _("required competency")
        verbose_name_plural = _("required competencies")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "competency"], name="one_rule_per_level_competency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.min_level.name}"


class LevelCourse(models.Model):
    level = models.ForeignKey(
        RoleLevel, on_delete=models.CASCADE, related_name="course_rules", verbose_name=_("level")
    )
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("course"),
        help_text=_("A certificate for this course or any of its language versions counts."),
    )

    class Meta:
        verbose_name = _("required course certificate")
        verbose_name_plural = _("required course certificates")
        constraints = [
            models.UniqueConstraint(fields=["level", "course"], name="one_rule_per_level_course"),
        ]

    def __str__(self) -> str:
        return self.course.title


class ExamUnit(models.Model):
    """A unit of the level exam's blueprint: the questions tagged with its competency (or one
    below it in the tree) make its score."""

    level = models.ForeignKey(
        RoleLevel, on_delete=models.CASCADE, related_name="exam_units", verbose_name=_("level")
    )
    name = models.CharField(_("unit"), max_length=100, help_text=_("e.g. Listing"))
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area or competency"),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    min_percent = models.PositiveSmallIntegerField(
        _("minimum (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("exam unit")
        verbose_name_plural = _("exam units")
        ordering = ["level", "-weight", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "competency"], name="one_unit_per_level_competency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class LevelEquivalence(models.Model):
    """The level's place in another framework (a national vocational level, EQF…)."""

    level = models.ForeignKey(
        RoleLevel, on_delete=models.CASCADE, related_name="equivalences", verbose_name=_("level")
    )
    framework = models.CharField(
        _("framework"), max_length=200, help_text=_("e.g. European Qualifications Framework")
    )
    code = models.CharField(_("level in that framework"), max_length=40, help_text=_("e.g. 4"))
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("equivalence")
        verbose_name_plural = _("equivalences")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "framework"], name="one_equivalence_per_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.code}"
