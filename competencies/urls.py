from django.urls import path

from competencies.rest_api import views

# IMS CASE 1.1 paths are fixed by the standard, outside /api/v1/.
urlpatterns = [
    path(
        "ims/case/v1p1/CFPackages/<uuid:uuid>",
        views.CasePackageView.as_view(),
        name="case-package",
    ),
    path("ims/case/v1p1/CFItems/<uuid:uuid>", views.CaseItemView.as_view(), name="case-item"),
]
