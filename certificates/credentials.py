"""The Open Badges 3.0 credential of a certificate: its JSON, its signed VC-JWT, the issuer
profile, and checking a credential someone presents."""

import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates import registry, signing
from certificates.models import Certificate, CertificateStatus

# The third context defines 1EdTechRevocationList (credentialStatus), as in the OB 3.0 examples:
# without it a JSON-LD processor knows the term only as "issuer-dependent".
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("verify", args=[certificate.public_id])


def issuer_profile() -> dict:
    return {
        "id": settings.SITE_URL + reverse("issuer"),
        "type": ["Profile"],
        "name": settings.CERTIFICATE_ISSUER_NAME,
        "url": settings.SITE_URL + "/",
    }


def identifier(email: str, public_id) -> dict:
    """The holder's email, salted and hashed: a verifier who knows it can check, no one can read
    it. The salt is derived from the secret key and the credential's public id, so it is
    stable."""
    salt = hashlib.sha256(f"{settings.SECRET_KEY}:{public_id}".encode()).hexdigest()[:16]
    digest = hashlib.sha256((email + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def credential(certificate: Certificate) -> dict:
    """The OpenBadgeCredential (Verifiable Credentials data model 2.0)."""
    site = settings.SITE_URL
    return {
        "@context": OB3_CONTEXT,
        "id": f"urn:uuid:{certificate.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "validFrom": certificate.issued_at.isoformat(timespec="seconds"),
        "name": certificate.course_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": f"urn:uuid:{certificate.user.uuid}",
            "identifier": [identifier(certificate.user.email, certificate.public_id)],
            "achievement": {
                "id": site
                + reverse("courses:detail", args=[certificate.course.slug])
                + "#achievement",
                "type": ["Achievement"],
                "name": certificate.course_title,
                "description": _("Completed the course “%(title)s” at %(issuer)s.")
                % {"title": certificate.course_title, "issuer": settings.CERTIFICATE_ISSUER_NAME},
                "criteria": {
                    "narrative": _(
                        "Passed the course's graded assessments with at least its pass mark, "
                        "including every assessment required for the certificate."
                    )
                },
                "image": {
                    "id": site + reverse("verify-image", args=[certificate.public_id]),
                    "type": "Image",
                },
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": item["title"],
                        "targetCode": item["code"],
                        "targetFramework": item["framework_title"],
                        "targetUrl": f"{site}/ims/case/v1p1/CFItems/{item['item']}",
                        "targetType": "CFItem",
                    }
                    for item in certificate.competencies
                ],
            },
        },
        "credentialStatus": {
            "id": site + reverse("revocation-list"),
            "type": "1EdTechRevocationList",
        },
    }


def credential_jwt(certificate: Certificate) -> str:
    return signed_jwt(credential(certificate), certificate.issued_at)


def verify_credential(token: str) -> dict:
    """The verification steps, each reported; `verified` only if all pass."""
    checks: list[dict] = []

    def fail(check: str, error: str) -> dict:
        checks.append({"check": check, "passed": False})
        return {"verified": False, "checks": checks, "error": error}

    try:
        payload = signing.verify(token)
    except signing.VerificationError as error:
        return fail(error.check, str(error))
    checks += [{"check": "signature", "passed": True}, {"check": "validity window", "passed": True}]
    problem = _credential_problem(payload)
    if problem:
        return fail("format", problem)
    checks.append({"check": "format", "passed": True})
    credential_id = payload["jti"].removeprefix("urn:uuid:")
    issued = registry.find(credential_id) if _is_uuid(credential_id) else None
    if issued is None:
        return fail("status", _("This issuer has no such credential."))
    if issued.status == CertificateStatus.REVOKED:
        return fail(
            "status",
            _("Revoked on %(date)s.")
            % {"date": date_format(issued.revoked_at.date(), "DATE_FORMAT")},
        )
    checks.append({"check": "status", "passed": True})
    return {"verified": True, "checks": checks, "credential": payload}


def signed_jwt(payload: dict, issued_at: datetime) -> str:
    """An OpenBadgeCredential as a VC-JWT: the JOSE claims mirror the credential's own fields."""
    return signing.sign(
        {
            **payload,
            "iss": payload["issuer"]["id"],
            "jti": payload["id"],
            "nbf": int(issued_at.timestamp()),
            "sub": payload["credentialSubject"]["id"],
        }
    )


def _credential_problem(payload: dict) -> str | None:
    """The VC-JWT rules: the JOSE claims mirror the credential, which is an OpenBadgeCredential."""
    if payload.get("@context", [None])[0] != OB3_CONTEXT[0]:
        return _("The first @context must be the Verifiable Credentials 2.0 context.")
    if "OpenBadgeCredential" not in payload.get("type", []):
        return _("This is not an OpenBadgeCredential.")
    subject = payload.get("credentialSubject") or {}
    issuer_id = (payload.get("issuer") or {}).get("id")
    mirrors = {
        "iss": issuer_id,
        "jti": payload.get("id"),
        "sub": subject.get("id"),
    }
    for claim, expected in mirrors.items():
        if payload.get(claim) != expected:
            return _("The %(claim)s claim does not match the credential.") % {"claim": claim}
    try:
        valid_from = datetime.fromisoformat(payload["validFrom"])
    except (KeyError, TypeError, ValueError):
        return _("validFrom is missing or not a date-time.")
    if int(valid_from.timestamp()) != payload.get("nbf"):
        return _("The nbf claim does not match validFrom.")
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError):
        return False
    return True
