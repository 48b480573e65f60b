"""Public verification of level credentials."""

import uuid

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from rest_framework.exceptions import NotFound

from certificates.api import throttled
from core.api_errors import error_body
from levels import credential as documents
from levels.models import LevelCredential


def _credential_or_404(public_id: str, **filters) -> LevelCredential:
    """Unknown and malformed ids get the same 404."""
    try:
        parsed = uuid.UUID(public_id)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(
        LevelCredential.objects.select_related("level__role"), public_id=parsed, **filters
    )


def public_record(credential: LevelCredential) -> dict:
    """Only what a verifier needs: no email, no employer, no evidence file, no reason."""
    return {
        "id": str(credential.public_id),
        "holder": credential.holder_name,
        "role": credential.role_name,
        "level": credential.level_name,
        "issuer": settings.CERTIFICATE_ISSUER_NAME,
        "issued_on": credential.issued_at.date().isoformat(),
        "competencies": [
            {"code": c["code"], "title": c["title"], "level": c["level_name"]}
            for c in credential.competencies
        ],
        "equivalences": [
            {"framework": e["framework"], "level": e["code"]} for e in credential.equivalences
        ],
        "evidence": documents.evidence_lines(credential),
        "status": credential.status,
        "revoked_on": credential.revoked_at.date().isoformat() if credential.revoked_at else None,
    }


@require_GET
@throttled
def verify(request, public_id: str):
    credential = _credential_or_404(public_id)
    record = public_record(credential)
    dates = {"issued_on": credential.issued_at.date()}
    dates["revoked_on"] = credential.revoked_at.date() if credential.revoked_at else None
    return render(
        request,
        "levels/verify.html",
        {
            "record": {**record, **dates},
            "credential": credential,
            "verify_url": documents.verify_url(credential),
            "image_url": settings.SITE_URL
            + reverse("levels:verify-image", args=[credential.public_id]),
        },
    )


@require_GET
@throttled
def verify_json(request, public_id: str):
    try:
        credential = _credential_or_404(public_id)
    except Http404:
        not_found = NotFound(_("No level credential has this id."))
        return JsonResponse(error_body(not_found), status=not_found.status_code)
    return JsonResponse(public_record(credential))


@require_GET
def verify_image(request, public_id: str):
    credential = _credential_or_404(public_id)
    if not credential.png:
        raise Http404
    return FileResponse(credential.png.open("rb"), content_type="image/png")
