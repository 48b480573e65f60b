"""The holder's files of an issued credential through the API, for course certificates and,
through `certificates.api`, level credentials: one lookup, one download, one description."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from certificates import issued
from core.api_downloads import DownloadView


class DownloadsSerializer(serializers.Serializer):
    """Your files through the API (token or session); null until rendered or signed."""

    pdf = serializers.URLField(allow_null=True)
    png = serializers.URLField(allow_null=True)
    jwt = serializers.URLField(
        allow_null=True, help_text="Your signed Open Badges 3.0 credential (VC-JWT)."
    )


class IssuedDownloadView(DownloadView):
    """GET …/{public_id}/{kind}: the signed-in holder's file. Subclasses name the model and
    the file name's prefix."""

    model = None
    file_prefix = ""

    @extend_schema(
        parameters=[
            OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH),
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(issued.DOWNLOAD_KINDS)),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "application/vc+jwt"): OpenApiTypes.STR,
        },
    )
    def get(self, request, public_id, kind):
        """One of your files: `pdf`, `png` or `jwt` (the signed credential). 404 for someone
        else's, or a file not rendered yet."""
        credential = issued.issued_or_404(
            self.model.objects.all(), str(public_id), user=request.user
        )
        return issued.download(credential, kind, f"{self.file_prefix}-{credential.public_id}")
