"""The public level credential record in the API's schema (SPECTACULAR_SETTINGS
["PREPROCESSING_HOOKS"]); like the certificates' (certificates.openapi), it stays a plain view."""

from rest_framework import serializers

from core.openapi import error_response, plain_view_endpoint
from levels import urls
from levels.models import CredentialStatus


class LevelRecordCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.CharField(help_text="The level's name.")


class LevelEquivalenceSerializer(serializers.Serializer):
    framework = serializers.CharField()
    level = serializers.CharField(help_text="The level in that framework.")


class LevelRecordSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The credential's public id.")
    holder = serializers.CharField()
    role = serializers.CharField()
    level = serializers.CharField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField()
    competencies = LevelRecordCompetencySerializer(many=True)
    equivalences = LevelEquivalenceSerializer(many=True)
    evidence = serializers.ListField(child=serializers.CharField(), help_text="One line each.")
    status = serializers.ChoiceField(choices=CredentialStatus.values)
    revoked_on = serializers.DateField(allow_null=True)


def public_endpoints(endpoints: list) -> list:
    """The endpoints so far, then the level credential's public record."""
    return [
        *endpoints,
        plain_view_endpoint(
            urls.urlpatterns,
            "verify-json",
            "GET",
            operation_id="level_credential_verify_record",
            summary="A level credential's public record",
            description="What a verifier needs: no email, employer, evidence file or reason. "
            "Any origin may read it (CORS).",
            tags=["credentials"],
            responses={
                200: LevelRecordSerializer,
                404: error_response("No level credential has this id."),
                429: error_response("Too many requests from your address: try again in a minute."),
            },
        ),
    ]
