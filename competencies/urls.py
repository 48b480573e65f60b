from django.urls import path

from competencies.rest_api import case_views as views

# IMS CASE 1.1 paths are fixed by the standard, outside /api/v1/. A sourcedId is matched as any
# text, so that a malformed one gets CASE's 404 `invalid_uuid` status body from the view.
CASE = "ims/case/v1p1"
UNDEFINED = ["CFConcepts", "CFSubjects", "CFLicenses", "CFAssociationGroupings", "CFRubrics"]

urlpatterns = [
    path(f"{CASE}/CFDocuments", views.CaseDocumentListView.as_view(), name="case-documents"),
    path(
        f"{CASE}/CFDocuments/<str:sourcedId>",
        views.CaseDocumentView.as_view(),
        name="case-document",
    ),
    path(
        f"{CASE}/CFPackages/<str:sourcedId>",
        views.CasePackageView.as_view(),
        name="case-package",
    ),
    path(f"{CASE}/CFItems/<str:sourcedId>", views.CaseItemView.as_view(), name="case-item"),
    path(
        f"{CASE}/CFAssociations/<str:sourcedId>",
        views.CaseAssociationView.as_view(),
        name="case-association",
    ),
    path(
        f"{CASE}/CFItemAssociations/<str:sourcedId>",
        views.CaseItemAssociationsView.as_view(),
        name="case-item-associations",
    ),
    path(
        f"{CASE}/CFItemTypes/<str:sourcedId>",
        views.CaseItemTypeView.as_view(),
        name="case-item-type",
    ),
    *(
        path(
            f"{CASE}/{kind}/<str:sourcedId>",
            views.undefined_view(kind),
            name=f"case-{kind.lower()}",
        )
        for kind in UNDEFINED
    ),
    path(f"{CASE}/<path:rest>", views.case_not_found, name="case-not-found"),
]
