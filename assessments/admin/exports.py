"""Grade exports: built by a task, downloaded by the course's instructors."""

from django.contrib import admin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments.admin.base import TaughtCourseAdmin
from assessments.models import (
    ExportStatus,
    GradeExport,
)
from core.enqueue import enqueue_on_commit


@admin.register(GradeExport)
class GradeExportAdmin(TaughtCourseAdmin):
    list_display = ("course", "created_at", "status", "rows", "download")
    list_filter = ("status",)
    fields = ("course",)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.requested_by = request.user
        super().save_model(request, obj, form, change)
        enqueue_on_commit("assessments.tasks.build_grade_export", obj.pk)
        self.message_user(
            request, _("The export is being built; refresh this list to download it.")
        )

    @admin.display(description=_("file"))
    def download(self, export):
        if export.status != ExportStatus.READY:
            return "—"
        url = reverse("admin:assessments_gradeexport_download", args=[export.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download CSV"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:pk>/download/", view, name="assessments_gradeexport_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        export = get_object_or_404(self.get_queryset(request), pk=pk, status=ExportStatus.READY)
        if not self.has_view_permission(request, export):
            raise Http404
        return FileResponse(
            export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1]
        )
