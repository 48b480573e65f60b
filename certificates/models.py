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
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The signed credential's own id: revocation lists name this one, so they cannot be matched
    # with verify pages (and names).
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    course_language = models.CharField(max_length=35)  # a BCP 47 tag, as the course had it
    # [{"code", "title", "level", "level_name", "framework", "framework_title", "item"}, …]
    competencies = models.JSONField(default=list, blank=True)
    issued_at = models.DateTimeField()
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when an instructor awarded it by hand."),
    )
    award_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=CertificateStatus, default=CertificateStatus.VALID
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Revoked by a regrade, not by a person: a later regrade that restores the grade reinstates.
    revoked_automatically = models.BooleanField(default=False)
    flagged_reason = models.TextField(
        blank=True, help_text=_("Set when a regrade dropped the grade and the site only flags.")
    )
    png = models.FileField(upload_to="certificates/", storage=private_storage, blank=True)
    pdf = models.FileField(upload_to="certificates/", storage=private_storage, blank=True)
    credential_jwt = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Set while a task sends the email (no row lock held over the mail server); a claim older than
    # EMAIL_CLAIM_TIMEOUT is a worker that died mid-send, and the email may be sent again.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

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
