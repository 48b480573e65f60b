from django.urls import path

from assessments.rest_api import views

urlpatterns = [
    path(
        "courses/<slug:slug>/assessments/",
        views.CourseAssessmentsView.as_view(),
        name="api-course-assessments",
    ),
    path("courses/<slug:slug>/grades/", views.CourseGradesView.as_view(), name="api-course-grades"),
    path(
        "assessments/<uuid:uuid>/attempts/",
        views.AssessmentAttemptsView.as_view(),
        name="api-assessment-attempts",
    ),
    path("attempts/<uuid:uuid>/", views.AttemptView.as_view(), name="api-attempt"),
    path("attempts/<uuid:uuid>/answers/", views.AnswersView.as_view(), name="api-attempt-answers"),
    path("attempts/<uuid:uuid>/submit/", views.SubmitView.as_view(), name="api-attempt-submit"),
    path("attempts/<uuid:uuid>/result/", views.ResultView.as_view(), name="api-attempt-result"),
    path("grades/", views.GradesView.as_view(), name="api-grades"),
    path("competency-map/", views.CompetencyMapView.as_view(), name="api-competency-map"),
]
