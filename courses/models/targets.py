"""What the curriculum teaches against the talent standards: a course targets competencies at a
level (lessons each name the competency they teach, on `Lesson`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency, ProficiencyLevel


class CourseCompetency(models.Model):
    """A course teaches a competency up to a target level."""

    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.CASCADE,
        related_name="competency_targets",
        verbose_name=_("course"),
    )
    # PROTECT: deleting a competency must not silently unmap courses its author does not teach.
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        related_name="course_targets",
        verbose_name=_("competency"),
    )
    level = models.ForeignKey(
        ProficiencyLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("target level")
    )

    class Meta:
        verbose_name = _("competency taught")
        verbose_name_plural = _("competencies taught")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competency"], name="one_target_per_course_competency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} → {self.level.name}"


class CompetencyTeaching(models.Model):
    """A roll-up of the published courses that teach a competency, so that pages show the first
    few and a count without reading the catalog. Kept by `courses.teaching` in the transaction
    of every change to a course, a target or a level's rank.

    `by_rank` maps each target rank present (as a string) to `[families, courses]`: the number of
    course families teaching the competency to at least that rank, and `[course id, rank]` of
    the published versions of the first families (by title) that do.
    """

    competency = models.OneToOneField(
        Competency,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="teaching_rollup",
        verbose_name=_("competency"),
    )
    by_rank = models.JSONField(_("courses by level"), default=dict)

    class Meta:
        verbose_name = _("courses teaching a competency")
        verbose_name_plural = _("courses teaching competencies")

    def __str__(self) -> str:
        return str(self.competency_id)
