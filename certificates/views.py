"""Public verification of certificates, the issuer's keys and profile, and the holder's pages."""

import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from rest_framework.exceptions import NotFound

from certificates import cached_pages, credentials, issued, registry, signing
from certificates.models import Certificate
from certificates.throttle import rate_limited, throttled, too_many
from core.api_errors import error_body
from core.cors import public_cors
from core.page_cache import cache_anonymous_page

TOKEN_MAX = 64 * 1024
EXAMPLE_ID = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _certificate_or_404(public_id: str, **filters) -> Certificate:
    return issued.issued_or_404(Certificate.objects.select_related("course"), public_id, **filters)


def public_record(certificate: Certificate) -> dict:
    """Only what a verifier needs: no email, country, scores or attempts."""
    return {
        "id": str(certificate.public_id),
        "holder": certificate.holder_name,
        "course": certificate.course_title,
        "issuer": settings.CERTIFICATE_ISSUER_NAME,
        "issued_on": certificate.issued_at.date().isoformat(),
        "competencies": [
            {"code": c["code"], "title": c["title"], "level": c["level_name"]}
            for c in certificate.competencies
        ],
        "status": certificate.status,
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
    }


def _verify_not_found(request):
    """The one answer for every id that shows no certificate, malformed or unknown: the same page
    and the same 404, so it tells nothing about which ids exist; it explains what a certificate
    link looks like and how else to check a credential."""
    return render(
        request,
        "certificates/verify_not_found.html",
        {
            "example_url": settings.SITE_URL + reverse("verify", args=[EXAMPLE_ID]),
            "credential_verify_url": settings.SITE_URL + reverse("verify-credential"),
            "issuer_name": settings.CERTIFICATE_ISSUER_NAME,
            "issuer_url": settings.SITE_URL + "/",
        },
        status=404,
    )


@require_GET
def verify_lookup(request):
    """/verify/ and anything under it that no other route takes. An id typed into the form on the
    not-found page (a whole pasted link will do), or a link that lost its final slash or gained
    a suffix, goes to the id's page; anything else is the not-found page."""
    found = UUID_IN_TEXT.search(request.GET.get("id", "")[:200]) or UUID_IN_TEXT.search(
        request.path_info
    )
    if found:
        return redirect("verify", found.group(0).lower())
    if rate_limited(request):
        return too_many()
    return _verify_not_found(request)


@require_GET
@throttled
@cache_anonymous_page(cached_pages.verify_pages)
def verify(request, public_id: str):
    try:
        certificate = _certificate_or_404(public_id)
    except Http404:
        return _verify_not_found(request)
    record = public_record(certificate)
    verify_url = credentials.verify_url(certificate)
    # The JSON carries ISO dates; the page shows the same (UTC) dates in the reader's format.
    dates = {"issued_on": certificate.issued_at.date()}
    dates["revoked_on"] = certificate.revoked_at.date() if certificate.revoked_at else None
    return render(
        request,
        "certificates/verify.html",
        {
            "record": {**record, **dates},
            "certificate": certificate,
            "verify_url": verify_url,
            "image_url": settings.SITE_URL + reverse("verify-image", args=[certificate.public_id]),
            "linkedin_url": _linkedin_url(certificate, verify_url),
        },
    )


@public_cors
@require_GET
@throttled
@cache_anonymous_page(cached_pages.verify_pages)
def verify_json(request, public_id: str):
    try:
        certificate = _certificate_or_404(public_id)
    except Http404:
        # The API's error shape (core.api_errors), though this is a plain view.
        not_found = NotFound(_("No certificate has this id."))
        return JsonResponse(error_body(not_found), status=not_found.status_code)
    return JsonResponse(public_record(certificate))


@require_GET
def verify_image(request, public_id: str):
    """The certificate's image, public like the page that shows its contents."""
    certificate = _certificate_or_404(public_id)
    if not certificate.png:
        raise Http404
    return FileResponse(certificate.png.open("rb"), content_type="image/png")


def _linkedin_url(certificate: Certificate, verify_url: str) -> str:
    from urllib.parse import urlencode

    return "https://www.linkedin.com/profile/add?" + urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": certificate.course_title,
            "organizationName": settings.CERTIFICATE_ISSUER_NAME,
            "issueYear": certificate.issued_at.year,
            "issueMonth": certificate.issued_at.month,
            "certUrl": verify_url,
            "certId": str(certificate.public_id),
        }
    )


@public_cors
@require_GET
def jwks(request):
    return JsonResponse(signing.jwk_set())


@public_cors
@require_GET
def jwk(request, thumbprint: str):
    """One public key: what a credential's `kid` points at."""
    key = signing.public_jwk(thumbprint)
    if key is None:
        raise Http404
    return JsonResponse(key)


@public_cors
@require_GET
def issuer(request):
    return JsonResponse(credentials.issuer_profile())


@public_cors
@require_GET
def revocation_list(request):
    """1EdTech revocation list: the credential ids (not the verify ids, so the list cannot be
    matched with names) of every revoked credential; no reasons."""
    revoked = registry.revoked_ids()
    return JsonResponse(
        {
            "id": settings.SITE_URL + reverse("revocation-list"),
            "issuer": credentials.issuer_profile()["id"],
            "revokedCredentials": [
                {"id": f"urn:uuid:{credential_id}", "revoked": True} for credential_id in revoked
            ],
        }
    )


@public_cors
@csrf_exempt  # a public, read-only check that changes nothing
@require_POST
def verify_credential(request):
    """POST a VC-JWT (raw body or {"credential": "…"}); runs the verification steps."""
    if rate_limited(request):
        return too_many()
    token = request.body[:TOKEN_MAX].decode("utf-8", "replace").strip()
    if token.startswith("{"):
        try:
            token = json.loads(token).get("credential")
        except (ValueError, AttributeError, RecursionError):
            token = None
    if not token or not isinstance(token, str):
        return JsonResponse(
            {"verified": False, "error": _('Send a JWT or {"credential": JWT}.')}, status=400
        )
    return JsonResponse(credentials.verify_credential(token))


@login_required
def my_certificates(request):
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": [
                (certificate, credentials.verify_url(certificate))
                for certificate in Certificate.objects.filter(user=request.user).select_related(
                    "course"
                )
            ]
        },
    )


@login_required
def download(request, public_id: str, kind: str):
    """The holder's own files: PDF, PNG, or the signed credential."""
    certificate = _certificate_or_404(public_id, user=request.user)
    return issued.download(certificate, kind, f"certificate-{certificate.public_id}")
