from django.urls import path

from levels.rest_api import views

urlpatterns = [
    path("roles/<slug:slug>/levels/", views.LadderView.as_view(), name="api-role-levels"),
    path(
        "roles/<slug:slug>/levels/<int:rank>/apply/",
        views.ApplyView.as_view(),
        name="api-level-apply",
    ),
    path(
        "me/level-credentials/",
        views.MyLevelCredentialsView.as_view(),
        name="api-my-level-credentials",
    ),
    path("me/experience/", views.MyExperienceView.as_view(), name="api-my-experience"),
]
