"""Level credentials: one per learner and level, never deleted; revoking leaves a trace.

What it says (holder, role, level, evidence summary, alignments) is frozen at award. Like a
course certificate, its public id is the verifier's only handle and its credential id the one the
revocation list names.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from levels.models.ladder import RoleLevel


class CredentialStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class LevelCredential(models.Model):
    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    credential_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("credential id")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="level_credentials",
        verbose_name=_("user"),
    )
    level = models.ForeignKey(
        RoleLevel, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("level")
    )
    holder_name = models.CharField(max_length=200, verbose_name=_("holder name"))
    role_name = models.CharField(max_length=200, verbose_name=_("role"))
    level_name = models.CharField(max_length=100, verbose_name=_("level name"))
    # {"certificates": [{"course", "language", "verify_url"}], "exam": {"percent", "units"} | None,
    #  "study_hours": int, "experience_months": int}: nothing private (no employer, no files)
    evidence = models.JSONField(default=dict, blank=True, verbose_name=_("evidence"))
    # [{"code", "title", "level_name", "framework_title", "item"}, …]
    competencies = models.JSONField(default=list, blank=True, verbose_name=_("competencies"))
    # [{"framework", "code", "url"}, …]
    equivalences = models.JSONField(default=list, blank=True, verbose_name=_("equivalences"))
    issued_at = models.DateTimeField(verbose_name=_("issued at"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    status = models.CharField(
        max_length=20,
        choices=CredentialStatus,
        default=CredentialStatus.VALID,
        verbose_name=_("status"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    revoked_reason = models.TextField(
        blank=True, verbose_name=_("revoked reason"), help_text=_("Private: never shown publicly.")
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    # Revoked because a course certificate it relied on was: reinstated when the rules hold again.
    revoked_automatically = models.BooleanField(
        default=False, verbose_name=_("revoked automatically")
    )
    flagged_reason = models.TextField(blank=True, verbose_name=_("flagged reason"))
    png = models.FileField(
        upload_to="levels/", storage=private_storage, blank=True, verbose_name=_("PNG image")
    )
    pdf = models.FileField(
        upload_to="levels/", storage=private_storage, blank=True, verbose_name=_("PDF")
    )
    credential_jwt = models.TextField(blank=True, verbose_name=_("signed credential"))
    rendered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("rendered at"))
    render_error = models.TextField(blank=True, verbose_name=_("render error"))

    class Meta:
        verbose_name = _("level credential")
        verbose_name_plural = _("level credentials")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "level"], name="one_credential_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.role_name} · {self.level_name}"

    @property
    def is_valid(self) -> bool:
        return self.status == CredentialStatus.VALID
