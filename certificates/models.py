"""Certificates: issued once per learner and course, never deleted; revoking leaves a trace.

The name, course title and competencies are frozen at issue, so the certificate says what was
true when it was earned. The public id (a random UUID, 122 random bits) is the only handle a
verifier gets.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from courses.models import Course


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    # The signed credential's own id: revocation lists name this one, so they cannot be matched
    # with verify pages (and names).
    credential_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("credential id")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("user"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("course")
    )
    holder_name = models.CharField(max_length=200, verbose_name=_("holder name"))
    course_title = models.CharField(max_length=200, verbose_name=_("course title"))
    # A BCP 47 tag, as the course had it.
    course_language = models.CharField(max_length=35, verbose_name=_("course language"))
    # [{"code", "title", "level", "level_name", "framework", "framework_title", "item"}, …]
    competencies = models.JSONField(default=list, blank=True, verbose_name=_("competencies"))
    issued_at = models.DateTimeField(verbose_name=_("issued at"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when an instructor awarded it by hand."),
        verbose_name=_("awarded by"),
    )
    award_reason = models.TextField(blank=True, verbose_name=_("award reason"))
    status = models.CharField(
        max_length=20,
        choices=CertificateStatus,
        default=CertificateStatus.VALID,
        verbose_name=_("status"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    revoked_reason = models.TextField(blank=True, verbose_name=_("revoked reason"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    # Revoked by a regrade, not by a person: a later regrade that restores the grade reinstates.
    revoked_automatically = models.BooleanField(
        default=False, verbose_name=_("revoked by a regrade")
    )
    flagged_reason = models.TextField(
        blank=True,
        help_text=_("Set when a regrade dropped the grade and the site only flags."),
        verbose_name=_("flagged reason"),
    )
    png = models.FileField(
        upload_to="certificates/", storage=private_storage, blank=True, verbose_name=_("PNG image")
    )
    pdf = models.FileField(
        upload_to="certificates/", storage=private_storage, blank=True, verbose_name=_("PDF")
    )
    credential_jwt = models.TextField(blank=True, verbose_name=_("signed credential"))
    rendered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("rendered at"))
    render_error = models.TextField(blank=True, verbose_name=_("render error"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("emailed at"))
    # Set while a task sends the email (no row lock held over the mail server); a claim older than
    # EMAIL_CLAIM_TIMEOUT is a worker that died mid-send, and the email may be sent again.
    email_claimed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("email being sent since")
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.course_title}"

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID
