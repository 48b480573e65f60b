"""What every kind of issued credential (course certificate, level credential) shares in its
views: the lookup by public id and the holder's downloads."""

import uuid

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404


def issued_or_404(queryset, public_id: str, **filters):
    """The credential with this public id; unknown and malformed ids get the same 404."""
    try:
        parsed = uuid.UUID(public_id)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(queryset, public_id=parsed, **filters)


def download(issued, kind: str, name: str):
    """The holder's own file: the PDF, the PNG, or the signed credential (`kind`)."""
    if kind == "jwt":
        if not issued.credential_jwt:
            raise Http404
        response = HttpResponse(issued.credential_jwt, content_type="application/vc+jwt")
        response["Content-Disposition"] = f'attachment; filename="{name}.jwt"'
        return response
    file = {"pdf": issued.pdf, "png": issued.png}[kind]
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=f"{name}.{kind}")
