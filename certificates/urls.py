from django.urls import path, re_path

from certificates import views

urlpatterns = [
    re_path(r"^verify/(?P<public_id>[^/.]{1,64})/$", views.verify, name="verify"),
    re_path(r"^verify/(?P<public_id>[^/.]{1,64})\.json$", views.verify_json, name="verify-json"),
    re_path(
        r"^verify/(?P<public_id>[^/.]{1,64})/certificate\.png$",
        views.verify_image,
        name="verify-image",
    ),
    # Last of /verify/: the bare prefix, the id form, and ids no pattern above accepts.
    re_path(r"^verify/", views.verify_lookup, name="verify-lookup"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    re_path(r"^\.well-known/jwks/(?P<thumbprint>[A-Za-z0-9_-]{43})\.json$", views.jwk, name="jwk"),
    path("issuer", views.issuer, name="issuer"),
    path("credentials/revocations", views.revocation_list, name="revocation-list"),
    path("credentials/verify", views.verify_credential, name="verify-credential"),
    path("certificates/", views.my_certificates, name="certificates"),
    re_path(
        r"^certificates/(?P<public_id>[0-9a-f-]{36})/certificate\.(?P<kind>pdf|png|jwt)$",
        views.download,
        name="certificate-download",
    ),
]
