from rest_framework import serializers

from certificates.models import CertificateStatus


class DownloadsSerializer(serializers.Serializer):
    """Your files through the API (token or session); null until rendered or signed."""

    pdf = serializers.URLField(allow_null=True)
    png = serializers.URLField(allow_null=True)
    jwt = serializers.URLField(
        allow_null=True, help_text="Your signed Open Badges 3.0 credential (VC-JWT)."
    )


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
