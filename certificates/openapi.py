"""The public credential endpoints in the API schema (SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"]).

They stay plain Django views: they answer preflights and any origin (core.cors), share the
verifiers' rate limit (certificates.throttle) and send the documents the standards define as they
are. Here each is only described, at its real route, so clients and the contract tests see them.
Members not listed here may appear: the documents are open to extension."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from certificates import signing, urls
from certificates.models import CertificateStatus
from core.openapi import error_response, plain_view_endpoint

TAGS = ["credentials"]
TOO_MANY = error_response("Too many requests from your address: try again in a minute.")
CORS = " Any origin may read it (CORS)."


class RecordCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.CharField(help_text="The level's name.")


class CertificateRecordSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The certificate's public id.")
    holder = serializers.CharField()
    course = serializers.CharField(help_text="The course title, as on the certificate.")
    issuer = serializers.CharField()
    issued_on = serializers.DateField()
    competencies = RecordCompetencySerializer(many=True)
    status = serializers.ChoiceField(choices=CertificateStatus.values)
    revoked_on = serializers.DateField(allow_null=True)


class JwkSerializer(serializers.Serializer):
    kty = serializers.ChoiceField(choices=["RSA"])
    kid = serializers.CharField(help_text="The key's address: what a credential's `kid` names.")
    alg = serializers.ChoiceField(choices=[signing.ALGORITHM])
    use = serializers.ChoiceField(choices=["sig"])
    n = serializers.CharField()
    e = serializers.CharField()


class JwkSetSerializer(serializers.Serializer):
    keys = JwkSerializer(many=True, help_text="Public keys only, the signing key first.")


class IssuerSerializer(serializers.Serializer):
    id = serializers.URLField()
    type = serializers.ListField(child=serializers.CharField())
    name = serializers.CharField()
    url = serializers.URLField()


class RevokedSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="urn:uuid: of the credential (not the verify id).")
    revoked = serializers.BooleanField()


class RevocationListSerializer(serializers.Serializer):
    id = serializers.URLField()
    issuer = serializers.URLField()
    revokedCredentials = RevokedSerializer(many=True)


class CredentialInputSerializer(serializers.Serializer):
    credential = serializers.CharField(help_text="A VC-JWT.")


class CheckSerializer(serializers.Serializer):
    check = serializers.ChoiceField(choices=["signature", "validity window", "format", "status"])
    passed = serializers.BooleanField()


class VerificationSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    checks = CheckSerializer(many=True, help_text="Each step run, in order; a failed one last.")
    error = serializers.CharField(required=False, help_text="Why it failed.")
    credential = serializers.DictField(required=False, help_text="The verified payload.")


class UnreadableSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    error = serializers.CharField()


def public_endpoints(endpoints: list) -> list:
    """The DRF endpoints, then the public credential documents."""
    return [
        *endpoints,
        plain_view_endpoint(
            urls.urlpatterns,
            "verify-json",
            "GET",
            operation_id="certificate_verify_record",
            summary="A certificate's public record",
            description="What a verifier needs, nothing personal beyond the holder's name." + CORS,
            tags=TAGS,
            responses={
                200: CertificateRecordSerializer,
                404: error_response("No certificate has this id."),
                429: TOO_MANY,
            },
        ),
        plain_view_endpoint(
            urls.urlpatterns,
            "jwks",
            "GET",
            operation_id="issuer_keys",
            summary="The issuer's public keys (JWK Set)",
            description="The keys credentials are signed with." + CORS,
            tags=TAGS,
            responses={200: JwkSetSerializer},
        ),
        plain_view_endpoint(
            urls.urlpatterns,
            "jwk",
            "GET",
            operation_id="issuer_key",
            summary="One public key, by its RFC 7638 thumbprint",
            description="What a credential's `kid` points at." + CORS,
            tags=TAGS,
            responses={
                200: JwkSerializer,
                (404, "text/html"): OpenApiResponse(
                    OpenApiTypes.STR, description="No key has this thumbprint (a page)."
                ),
            },
        ),
        plain_view_endpoint(
            urls.urlpatterns,
            "issuer",
            "GET",
            operation_id="issuer_profile",
            summary="The issuer's Open Badges 3.0 profile",
            description="The `issuer` of every credential." + CORS,
            tags=TAGS,
            responses={200: IssuerSerializer},
        ),
        plain_view_endpoint(
            urls.urlpatterns,
            "revocation-list",
            "GET",
            operation_id="revocation_list",
            summary="The 1EdTech revocation list",
            description="Every revoked credential's id; no reasons." + CORS,
            tags=TAGS,
            responses={200: RevocationListSerializer},
        ),
        plain_view_endpoint(
            urls.urlpatterns,
            "verify-credential",
            "POST",
            operation_id="credential_verify",
            summary="Verify a credential",
            description='Send a VC-JWT as the body, or `{"credential": JWT}`: runs the '
            "signature, validity, format and status checks; a credential that fails is a 200 "
            "with `verified: false`." + CORS,
            tags=TAGS,
            request={
                "application/json": CredentialInputSerializer,
                "text/plain": OpenApiTypes.STR,
            },
            examples=[OpenApiExample("JSON", {"credential": "eyJhbGciOi..."}, request_only=True)],
            responses={
                200: VerificationSerializer,
                400: OpenApiResponse(UnreadableSerializer, description="No JWT in the body."),
                429: TOO_MANY,
            },
        ),
    ]
