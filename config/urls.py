from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.views import set_language

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("certificates.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accounts.rest_api.urls")),
    path("api/v1/", include("courses.rest_api.urls")),
    path("api/v1/", include("assessments.rest_api.urls")),
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
