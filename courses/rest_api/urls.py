from django.urls import path

from courses.rest_api import framework_views, views

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="api-course-list"),
    path("course-languages/", views.CourseLanguageListView.as_view(), name="api-course-languages"),
    path("courses/<slug:slug>/", views.CourseDetailView.as_view(), name="api-course-detail"),
    path("courses/<slug:slug>/enrollment/", views.EnrollmentView.as_view(), name="api-enrollment"),
    path("enrollments/", views.MyEnrollmentsView.as_view(), name="api-my-enrollments"),
    path("lessons/<int:lesson_id>/", views.LessonView.as_view(), name="api-lesson"),
    path("frameworks/", framework_views.FrameworkListView.as_view(), name="api-frameworks"),
    path(
        "frameworks/<uuid:uuid>/",
        framework_views.FrameworkDetailView.as_view(),
        name="api-framework",
    ),
    path("roles/", framework_views.RoleListView.as_view(), name="api-roles"),
    path("roles/<slug:slug>/", framework_views.RoleDetailView.as_view(), name="api-role"),
    path("me/goal/", framework_views.GoalView.as_view(), name="api-goal"),
    path(
        "lessons/<int:lesson_id>/attachments/<int:attachment_id>/",
        views.LessonAttachmentView.as_view(),
        name="api-lesson-attachment",
    ),
    path(
        "lessons/<int:lesson_id>/completion/",
        views.LessonCompletionView.as_view(),
        name="api-lesson-completion",
    ),
]
