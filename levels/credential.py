"""The Open Badges 3.0 credential of a level: its achievement is the level, aligned to every
competency the level requires (CASE CFItem URLs) and to the level's equivalences in other
frameworks, with the evidence summarized (nothing private: no employer, no file, no score of a
single question)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates import api as certificates
from levels.models import LevelCredential


def verify_url(credential: LevelCredential) -> str:
    return settings.SITE_URL + reverse("levels:verify", args=[credential.public_id])


def achievement_url(credential: LevelCredential) -> str:
    role = credential.level.role
    return (
        settings.SITE_URL
        + reverse("courses:role", args=[role.slug])
        + f"#level-{credential.level.rank}"
    )


def _alignments(credential: LevelCredential) -> list[dict]:
    site = settings.SITE_URL
    competencies = [
        {
            "type": ["Alignment"],
            "targetName": item["title"],
            "targetCode": item["code"],
            "targetDescription": _("At level %(level)s or above") % {"level": item["level_name"]},
            "targetFramework": item["framework_title"],
            "targetUrl": f"{site}/ims/case/v1p1/CFItems/{item['item']}",
            "targetType": "CFItem",
        }
        for item in credential.competencies
    ]
    equivalences = [
        {
            "type": ["Alignment"],
            "targetName": f"{item['framework']} {item['code']}",
            "targetCode": item["code"],
            "targetFramework": item["framework"],
            "targetUrl": item["url"] or achievement_url(credential),
            "targetType": "ext:EquivalentLevel",
        }
        for item in credential.equivalences
    ]
    return competencies + equivalences


def _study_line(evidence: dict) -> str:
    hours = evidence["study_hours"]
    return ngettext(
        "Study: %(hours)d hour of completed courses",
        "Study: %(hours)d hours of completed courses",
        hours,
    ) % {"hours": hours}


def _experience_line(evidence: dict) -> str:
    months = evidence["experience_months"]
    return ngettext(
        "Work experience attested: %(months)d month",
        "Work experience attested: %(months)d months",
        months,
    ) % {"months": months}


def _exam_line(exam: dict) -> str:
    return _("Level exam passed: %(percent)s%%") % {"percent": exam["percent"]}


def evidence_lines(credential: LevelCredential) -> list[str]:
    """The evidence, one sentence each: on the verify page and in the PNG and PDF."""
    evidence = credential.evidence
    lines = [
        _("Course certificate: %(course)s") % {"course": item["course"]}
        for item in evidence.get("certificates", [])
    ]
    if evidence.get("exam"):
        lines.append(_exam_line(evidence["exam"]))
    if evidence.get("study_hours"):
        lines.append(_study_line(evidence))
    if evidence.get("experience_months"):
        lines.append(_experience_line(evidence))
    return lines


def _evidence(evidence: dict) -> list[dict]:
    items = [
        {
            "id": item["verify_url"],
            "type": ["Evidence"],
            "name": item["course"],
            "description": _("Course certificate"),
        }
        for item in evidence.get("certificates", [])
    ]
    if exam := evidence.get("exam"):
        items.append(
            {
                "type": ["Evidence"],
                "name": _("Level exam"),
                "narrative": "; ".join(
                    [_exam_line(exam)]
                    + [f"{unit['name']}: {unit['percent']}%" for unit in exam["units"]]
                ),
            }
        )
    if evidence.get("study_hours"):
        items.append({"type": ["Evidence"], "narrative": _study_line(evidence)})
    if evidence.get("experience_months"):
        items.append({"type": ["Evidence"], "narrative": _experience_line(evidence)})
    return items


def credential_document(credential: LevelCredential) -> dict:
    name = f"{credential.role_name} · {credential.level_name}"
    return {
        "@context": certificates.OB3_CONTEXT,
        "id": f"urn:uuid:{credential.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": certificates.issuer_profile(),
        "validFrom": credential.issued_at.isoformat(timespec="seconds"),
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": f"urn:uuid:{credential.user.uuid}",
            "identifier": [certificates.identifier(credential.user.email, credential.public_id)],
            "achievement": {
                "id": achievement_url(credential),
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": name,
                "description": _(
                    "Reached the level “%(level)s” of the role “%(role)s” at %(issuer)s."
                )
                % {
                    "level": credential.level_name,
                    "role": credential.role_name,
                    "issuer": settings.CERTIFICATE_ISSUER_NAME,
                },
                "criteria": {
                    "narrative": _(
                        "Met every eligibility rule of the level: the competencies at the levels "
                        "required, shown by graded evidence, and the course certificates, study, "
                        "level exam and attested work experience the level asks for."
                    )
                },
                "image": {
                    "id": settings.SITE_URL
                    + reverse("levels:verify-image", args=[credential.public_id]),
                    "type": "Image",
                },
                "alignment": _alignments(credential),
            },
        },
        "evidence": _evidence(credential.evidence),
        "credentialStatus": {
            "id": settings.SITE_URL + reverse("revocation-list"),
            "type": "1EdTechRevocationList",
        },
    }


def credential_jwt(credential: LevelCredential) -> str:
    return certificates.signed_jwt(credential_document(credential), credential.issued_at)
