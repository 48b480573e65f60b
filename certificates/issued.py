"""What every kind of issued credential (course certificate, level credential) shares: the
render of its files, the lookup by public id and the holder's downloads."""

import uuid

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from certificates import render

DOWNLOAD_KINDS = ("pdf", "png", "jwt")


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


def download_urls(request, issued, url_name: str) -> dict[str, str | None]:
    """Where the holder downloads each of `download`'s files (`url_name` takes the public id and
    the kind); None for a file not rendered or signed yet."""
    present = {"pdf": issued.pdf, "png": issued.png, "jwt": issued.credential_jwt}
    return {
        kind: request.build_absolute_uri(reverse(url_name, args=[issued.public_id, kind]))
        if present[kind]
        else None
        for kind in DOWNLOAD_KINDS
    }


def render_files(issued, context: dict) -> bool:
    """Render `issued`'s PNG and PDF from `context` and store them, holding no row lock (a slow
    or hung storage server never blocks the holder's other work); only the first of two renders
    run at once is kept. A render that cannot succeed (a script no bundled font covers) is
    recorded in `render_error` for the admin; False then."""
    model = type(issued)
    try:
        png, pdf = render.render_png(context), render.render_pdf(context)
    except render.RenderError as error:
        model.objects.filter(pk=issued.pk).update(render_error=str(error))
        return False
    name = str(issued.public_id)
    issued.png.save(f"{name}.png", ContentFile(png), save=False)
    issued.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    model.objects.filter(pk=issued.pk, rendered_at=None).update(
        png=issued.png.name,
        pdf=issued.pdf.name,
        rendered_at=timezone.now(),
        render_error="",
    )
    return True
