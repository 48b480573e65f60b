"""Talent standards: competency frameworks, their proficiency scales, competency trees and
target roles, and the role a learner works towards.

A framework has a proficiency scale (ranked levels, one of them "proficient") and a tree of
competencies of any depth (area → competency → sub-competency). Target roles (job profiles)
require competencies at levels. What courses and lessons teach lives in `courses`; the evidence a
learner showed lives in `assessments`.

Rules (a level belongs to its competency's framework, a parent in the same framework without
cycles, who may publish) live in `competencies.services`; write through them.
"""

import re
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.language_tags import LanguageTagField

# A code is part of page URLs: no line breaks or other control characters.
CODE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class CompetencyFramework(models.Model):
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    language = LanguageTagField(
        _("language"),
        default="en",
        help_text=_("The language the framework is written in, as a BCP 47 tag: en, de, pt-BR…"),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus, default=FrameworkStatus.DRAFT
    )
    evidence_threshold = models.PositiveSmallIntegerField(
        _("evidence rule (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A learner reaches a level when their best attempts earned at least this share of "
            "the points available at that level."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title", "version"]

    def __str__(self) -> str:
        return f"{self.title} {self.version}".strip()


class ProficiencyLevel(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("framework"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_proficient = models.BooleanField(
        _("proficient"),
        default=False,
        help_text=_("The level at which a competency counts as demonstrated."),
    )

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["framework", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="one_level_per_rank"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(is_proficient=True),
                name="one_proficient_level_per_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank} · {self.name}"


class Competency(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("framework"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"),
        max_length=100,  # Moodle's ID number limit: frameworks travel both ways
        help_text=_(
            "e.g. CC.1. Usually unique in the framework; an imported standard may repeat one."
        ),
        validators=[
            RegexValidator(
                CODE_FORBIDDEN,
                _("Remove the line breaks and control characters from the code."),
                inverse_match=True,
            )
        ],
    )
    title = models.CharField(_("title"), max_length=200)
    # CASE's fullStatement, which real standards write in up to several thousand characters:
    # the title is a short form of it (see interchange.case_import.title_from_statement).
    statement = models.TextField(
        _("full statement"),
        blank=True,
        help_text=_("The standard's full wording, when it is longer than the title or differs."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, validators=[MaxValueValidator(999_999)]
    )
    # Maintained by services.framework_tree_rebuild: the position in the tree, for one-query
    # ordering (a text field: a deep tree makes a long path).
    tree_path = models.TextField(
        editable=False, db_index=True, default="", verbose_name=_("tree position")
    )

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "tree_path"]
        # Codes may repeat (CASE's humanCodingScheme does): the uuid is what identifies a
        # competency. Old code URLs and imports still look codes up, hence the index.
        indexes = [models.Index(fields=["framework", "code"], name="competency_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def depth(self) -> int:
        return self.tree_path.count("/")


class TargetRole(models.Model):
    """A job profile: the competencies, at levels, that a role requires."""

    framework = models.ForeignKey(
        CompetencyFramework,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("framework"),
    )
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="stewarded_roles",
        limit_choices_to={"is_staff": True},
        verbose_name=_("stewards"),
        help_text=_("Instructors who author this role's level ladder and assess its applications."),
    )

    class Meta:
        verbose_name = _("target role")
        verbose_name_plural = _("target roles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleRequirement(models.Model):
    role = models.ForeignKey(
        TargetRole, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("role")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    level = models.ForeignKey(
        ProficiencyLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("required level"),
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "competency"], name="one_requirement_per_role_competency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.level.name}"


class LearnerGoal(models.Model):
    """The target role a learner works towards (at most one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learning_goal",
        verbose_name=_("user"),
    )
    role = models.ForeignKey(
        TargetRole, on_delete=models.CASCADE, related_name="+", verbose_name=_("role")
    )
    chosen_at = models.DateTimeField(auto_now=True, verbose_name=_("chosen at"))

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")

    def __str__(self) -> str:
        return f"{self.user} → {self.role}"
