from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("courses/<slug:slug>/assessments/<uuid:uuid>/", views.assessment_detail, name="detail"),
    path("courses/<slug:slug>/assessments/<uuid:uuid>/start/", views.attempt_start, name="start"),
    path("attempts/<uuid:uuid>/", views.attempt_take, name="attempt"),
    path("attempts/<uuid:uuid>/result/", views.attempt_result, name="result"),
    path("competency-map/", views.competency_map, name="map"),
    path("teach/courses/<slug:slug>/coverage/", views.course_coverage, name="coverage"),
    path("teach/courses/<slug:slug>/learners/", views.course_learners, name="learners"),
    path("teach/courses/<slug:slug>/learners.csv", views.course_learners_csv, name="learners-csv"),
]
