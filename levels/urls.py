from django.urls import path, re_path

from levels import views

app_name = "levels"

urlpatterns = [
    re_path(r"^verify/level/(?P<public_id>[^/.]{1,64})/$", views.verify, name="verify"),
    re_path(
        r"^verify/level/(?P<public_id>[^/.]{1,64})\.json$", views.verify_json, name="verify-json"
    ),
    re_path(
        r"^verify/level/(?P<public_id>[^/.]{1,64})/credential\.png$",
        views.verify_image,
        name="verify-image",
    ),
    path("roles/<slug:slug>/levels/<int:rank>/apply/", views.apply, name="apply"),
    path("roles/<slug:slug>/experience/", views.experience, name="experience"),
    path("levels/evidence/<uuid:uuid>/", views.evidence_download, name="evidence"),
    path("levels/credentials/", views.mine, name="mine"),
    re_path(
        r"^levels/credentials/(?P<public_id>[0-9a-f-]{36})/credential\.(?P<kind>pdf|png|jwt)$",
        views.download,
        name="download",
    ),
]
