"""What a learner brings for a level: applications, exam results, attested work experience."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt
from competencies.models import TargetRole
from core.storage import private_storage
from levels.models.ladder import RoleLevel


class ApplicationStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the rules to be met")
    IN_REVIEW = "in_review", _("Waiting for an assessor")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Not approved")


OPEN_STATUSES = (ApplicationStatus.WAITING, ApplicationStatus.IN_REVIEW)


class LevelApplication(models.Model):
    """A learner asks for a level. It waits until the rules are met, then the level is awarded,
    or an assessor reviews it when the level asks for a review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="level_applications",
        verbose_name=_("learner"),
    )
    level = models.ForeignKey(
        RoleLevel, on_delete=models.PROTECT, related_name="applications", verbose_name=_("level")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus, default=ApplicationStatus.WAITING
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    decision_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Shown to the learner.")
    )

    class Meta:
        verbose_name = _("level application")
        verbose_name_plural = _("level applications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "level"],
                condition=Q(status__in=["waiting", "in_review"]),
                name="one_open_application_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.level}"


class ExamResult(models.Model):
    """A learner's best graded attempt at a level's exam, scored by its blueprint."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    level = models.ForeignKey(
        RoleLevel, on_delete=models.CASCADE, related_name="exam_results", verbose_name=_("level")
    )
    attempt = models.ForeignKey(
        Attempt, on_delete=models.PROTECT, related_name="+", verbose_name=_("attempt")
    )
    percent = models.DecimalField(_("weighted score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    # [{"name", "weight", "min_percent", "percent", "passed"}, …] in blueprint order
    units = models.JSONField(_("unit scores"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("level exam result")
        verbose_name_plural = _("level exam results")
        constraints = [
            models.UniqueConstraint(fields=["user", "level"], name="one_exam_result_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.level}: {self.percent}%"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an assessor")
    ATTESTED = "attested", _("Attested")
    REJECTED = "rejected", _("Rejected")


class ExperienceClaim(models.Model):
    """Work experience a learner declares for a role, with private evidence, until an assessor
    who stewards the role attests or rejects it."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="experience_claims",
        verbose_name=_("learner"),
    )
    role = models.ForeignKey(
        TargetRole, on_delete=models.PROTECT, related_name="+", verbose_name=_("role")
    )
    employer = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: ongoing."))
    evidence = models.FileField(
        _("evidence"),
        upload_to="levels/evidence/",
        storage=private_storage,
        help_text=_(
            "A letter or contract (PDF or Word), seen only by the learner and the role's assessors."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus, default=ClaimStatus.PENDING
    )
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    review_reason = models.TextField(_("reason"), blank=True, help_text=_("Shown to the learner."))

    class Meta:
        verbose_name = _("work experience claim")
        verbose_name_plural = _("work experience claims")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="experience_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} · {self.employer}"
