from django.urls import path, re_path

from certificates.rest_api import views

urlpatterns = [
    path("certificates/", views.MyCertificatesView.as_view(), name="api-certificates"),
    re_path(
        r"^certificates/(?P<public_id>[0-9a-f-]{36})/(?P<kind>pdf|png|jwt)$",
        views.CertificateDownloadView.as_view(),
        name="api-certificate-download",
    ),
]
