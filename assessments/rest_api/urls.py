from django.urls import path

from assessments.rest_api import views

urlpatterns = [
    path("assessments/<uuid:uuid>/attempts/", views.StartView.as_view(), name="api-attempt-start"),
    path("attempts/<uuid:uuid>/", views.AttemptView.as_view(), name="api-attempt"),
    path("attempts/<uuid:uuid>/answers/", views.AnswersView.as_view(), name="api-attempt-answers"),
    path("attempts/<uuid:uuid>/submit/", views.SubmitView.as_view(), name="api-attempt-submit"),
    path("attempts/<uuid:uuid>/result/", views.ResultView.as_view(), name="api-attempt-result"),
    path("grades/", views.GradesView.as_view(), name="api-grades"),
    path("competency-map/", views.CompetencyMapView.as_view(), name="api-competency-map"),
]
