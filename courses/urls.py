from django.urls import path

from courses import framework_views, views

app_name = "courses"

urlpatterns = [
    path("courses/", views.catalog, name="catalog"),
    path("courses/<slug:slug>/", views.course_detail, name="detail"),
    path("courses/<slug:slug>/enrol/", views.enroll, name="enroll"),
    path("courses/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("courses/<slug:slug>/lessons/<int:lesson_id>/", views.lesson_detail, name="lesson"),
    path(
        "courses/<slug:slug>/lessons/<int:lesson_id>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "courses/<slug:slug>/lessons/<int:lesson_id>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("frameworks/", framework_views.framework_list, name="frameworks"),
    path("frameworks/<uuid:uuid>/", framework_views.framework_detail, name="framework"),
    path("competencies/<uuid:uuid>/", framework_views.competency_detail, name="competency"),
    # Until issue 14 pages were addressed by code, which may now repeat: kept as redirects.
    path(
        "frameworks/<uuid:uuid>/competencies/<path:code>/",
        framework_views.competency_by_code,
        name="competency_by_code",
    ),
    path("roles/<slug:slug>/", framework_views.role_detail, name="role"),
    path("goal/", framework_views.goal_set, name="goal"),
]
