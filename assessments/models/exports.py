from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from courses.models import Course


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class GradeExport(models.Model):
    """A course's grades as CSV, built by a Celery task, downloadable by its instructors."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="grade_exports", verbose_name=_("course")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        max_length=20, choices=ExportStatus, default=ExportStatus.PENDING, verbose_name=_("status")
    )
    file = models.FileField(
        upload_to="exports/grades/", storage=private_storage, blank=True, verbose_name=_("file")
    )
    rows = models.PositiveIntegerField(default=0, verbose_name=_("rows"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("grade export")
        verbose_name_plural = _("grade exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.course} · {self.created_at:%Y-%m-%d %H:%M}"
