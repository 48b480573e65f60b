from django.urls import path

from courses.rest_api import views

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="api-course-list"),
    path("courses/<slug:slug>/", views.CourseDetailView.as_view(), name="api-course-detail"),
    path("courses/<slug:slug>/enrollment/", views.EnrollmentView.as_view(), name="api-enrollment"),
    path("enrollments/", views.MyEnrollmentsView.as_view(), name="api-my-enrollments"),
    path("lessons/<int:lesson_id>/", views.LessonView.as_view(), name="api-lesson"),
    path(
        "lessons/<int:lesson_id>/completion/",
        views.LessonCompletionView.as_view(),
        name="api-lesson-completion",
    ),
]
