from django.urls import path, re_path

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
    re_path(
        r"^me/level-credentials/(?P<public_id>[0-9a-f-]{36})/(?P<kind>pdf|png|jwt)$",
        views.LevelCredentialDownloadView.as_view(),
        name="api-level-credential-download",
    ),
    path("me/experience/", views.MyExperienceView.as_view(), name="api-my-experience"),
]
