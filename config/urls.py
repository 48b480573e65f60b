from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.views import set_language
from config import health

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("levels.urls")),  # before certificates: /verify/level/ is theirs
    path("", include("certificates.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Admin pages of models that moved to apps of their own (issue 9): old bookmarks still work.
    re_path(
        r"^admin/courses/(?P<model>competencyframework|competency|proficiencylevel|targetrole"
        r"|rolerequirement|learnergoal)/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/competencies/%(model)s/%(rest)s", query_string=True, permanent=True
        ),
    ),
    re_path(
        r"^admin/assessments/certificate/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/certificates/certificate/%(rest)s", query_string=True, permanent=True
        ),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accounts.rest_api.urls")),
    path("api/v1/", include("courses.rest_api.urls")),
    path("api/v1/", include("assessments.rest_api.urls")),
    path("api/v1/", include("certificates.rest_api.urls")),
    path("api/v1/", include("levels.rest_api.urls")),
    path("", include("competencies.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if not settings.PRODUCTION and not settings.S3_BUCKET:
    # The embedded setup serves public media (course covers) itself; in production a proxy or
    # the bucket does. Private files (attachments) live elsewhere and only go out through a view.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

admin.site.site_header = _("Crossborder Academy administration")
admin.site.site_title = _("Crossborder Academy")

# Error pages in the visitor's language with a way forward; JSON under /api/ (core.views).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
