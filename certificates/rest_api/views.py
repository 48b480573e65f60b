"""The holder's certificates through the API: the list, and the files (PDF, PNG, signed
credential) with the same lookup and download as the holder's pages (`certificates.issued`)."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import credentials, issued
from certificates.models import Certificate
from certificates.rest_api import serializers
from certificates.rest_api.downloads import IssuedDownloadView


def _certificate(request, certificate: Certificate) -> dict:
    public_id = certificate.public_id
    return {
        "public_id": public_id,
        "course": certificate.course.slug,
        "course_title": certificate.course_title,
        "course_language": certificate.course_language,
        "issued_at": certificate.issued_at,
        "status": certificate.status,
        "revoked_at": certificate.revoked_at,
        "verify_url": credentials.verify_url(certificate),
        "json_url": settings.SITE_URL + reverse("verify-json", args=[public_id]),
        "image_url": settings.SITE_URL + reverse("verify-image", args=[public_id])
        if certificate.png
        else None,
        "downloads": issued.download_urls(request, certificate, "api-certificate-download"),
    }


class MyCertificatesView(APIView):
    @extend_schema(responses={200: serializers.CertificateSerializer(many=True)})
    def get(self, request):
        """Your course certificates, newest first, revoked ones included (see `status`)."""
        certificates = (
            Certificate.objects.filter(user=request.user)
            .select_related("course")
            .order_by("-issued_at", "-id")
        )
        return Response(
            serializers.CertificateSerializer(
                [_certificate(request, certificate) for certificate in certificates], many=True
            ).data
        )


class CertificateDownloadView(IssuedDownloadView):
    model = Certificate
    file_prefix = "certificate"
