from rest_framework import serializers

from certificates.models import CertificateStatus
from certificates.rest_api.downloads import DownloadsSerializer


class CertificateSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    course = serializers.SlugField(help_text="The language version it was earned in.")
    course_title = serializers.CharField(help_text="As written on the certificate.")
    course_language = serializers.CharField(help_text="BCP 47 tag, as written on it.")
    issued_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    revoked_at = serializers.DateTimeField(allow_null=True)
    verify_url = serializers.URLField(help_text="The public verify page (share it).")
    json_url = serializers.URLField(help_text="The public record, as JSON.")
    image_url = serializers.URLField(allow_null=True, help_text="The public PNG, once rendered.")
    downloads = DownloadsSerializer()
