from django.urls import re_path

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
]
