"""Issuing, revoking and describing certificates, and their Open Badges 3.0 credentials."""

import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import signing
from assessments.models import Certificate, CertificateStatus, CompetencyLevel, CourseGrade
from config.celery import enqueue_on_commit
from courses import api as courses

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def rules_met(*, user, course) -> bool:
    """A passing course grade, and every lesson completed when the course asks for it."""
    enrollment = courses.enrollment_for(user=user, course=course)
    if enrollment is None:
        return False
    grade = CourseGrade.objects.filter(enrollment=enrollment).first()
    if grade is None or not grade.passed:
        return False
    if course.certificate_needs_all_lessons:
        lessons = courses.course_lesson_ids(course)
        return lessons <= courses.completed_lesson_ids(enrollment)
    return True


def certificate_issue(
    *, user, course, awarded_by=None, reason: str = ""
) -> tuple[Certificate, bool]:
    """Issue once (the unique constraint decides a race) and sign its credential; rendering and
    the email follow after commit, once. Returns (certificate, created)."""
    from assessments.tasks import email_certificate, render_certificate

    certificate = Certificate(
        user=user,
        course=course,
        holder_name=user.full_name,
        course_title=course.title,
        course_language=course.language,
        competencies=_frozen_competencies(user, course),
        issued_at=timezone.now(),
        awarded_by=awarded_by,
        award_reason=reason,
    )
    # Signed before it is saved (one insert), so a holder has a verifiable credential even if
    # rendering fails.
    certificate.credential_jwt = credential_jwt(certificate)
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
    except IntegrityError:
        return Certificate.objects.get(user=user, course=course), False
    enqueue_on_commit(render_certificate, certificate.pk)
    enqueue_on_commit(email_certificate, certificate.pk)
    return certificate, True


def _frozen_competencies(user, course) -> list[dict]:
    """The competencies the course teaches that the learner has shown, at the level shown (never
    above what the course teaches)."""
    achieved = {
        row.competency_id: row.level
        for row in CompetencyLevel.objects.filter(user=user, level__rank__gt=0).select_related(
            "level"
        )
    }
    frozen = []
    for target in courses.course_competencies(course):
        level = achieved.get(target.competency_id)
        if level is None:
            continue
        level = min(level, target.level, key=lambda candidate: candidate.rank)
        frozen.append(
            {
                "code": target.competency.code,
                "title": target.competency.title,
                "level": level.rank,
                "level_name": level.name,
                "framework": str(target.competency.framework.uuid),
                "framework_title": target.competency.framework.title,
                "item": str(target.competency.uuid),
            }
        )
    return frozen


def certificate_check(*, user, course) -> Certificate | None:
    """Called when a grade or progress changes: issue if the rules are now met. The learner's row
    is locked, as grade changes lock it, so a concurrent regrade cannot slip in between."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if rules_met(user=user, course=course):
            return certificate_issue(user=user, course=course)[0]
    return None


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, by=None, automatically: bool = False
) -> Certificate:
    """Revoke (never delete); the verify page says so at once. Revoking twice changes nothing,
    except that a person's revocation takes over an automatic one (a regrade revoked it), which a
    restored grade would otherwise undo."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED and not (
        certificate.revoked_automatically and not automatically
    ):
        return certificate
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = by
    certificate.revoked_automatically = automatically
    certificate.save(
        update_fields=[
            "status",
            "revoked_at",
            "revoked_reason",
            "revoked_by",
            "revoked_automatically",
        ]
    )
    return certificate


REINSTATED = {
    "status": CertificateStatus.VALID,
    "revoked_at": None,
    "revoked_reason": "",
    "revoked_automatically": False,
}


@transaction.atomic
def grade_follow_up(*, user, course, regrade: bool) -> None:
    """After a grade change: a certificate that a regrade had revoked or flagged is reinstated
    once the rules are met again (whatever brought the grade back). Only a regrade (or a grader
    changing a graded answer) takes one back: if the rules are no longer met it is revoked or
    flagged (CERTIFICATE_ON_GRADE_DROP); a learner's later, worse attempt never does. Hand awards
    (they always carry a reason) and an instructor's revocations are left alone."""
    certificate = (
        Certificate.objects.select_for_update()
        .filter(user=user, course=course, award_reason="")
        .first()
    )
    if certificate is None:
        return
    if rules_met(user=user, course=course):
        if certificate.revoked_automatically or certificate.flagged_reason:
            Certificate.objects.filter(pk=certificate.pk).update(
                **(REINSTATED if certificate.revoked_automatically else {}), flagged_reason=""
            )
        return
    if not regrade or certificate.status != CertificateStatus.VALID:
        return
    reason = _("After a regrade the course grade is below the pass mark.")
    if settings.CERTIFICATE_ON_GRADE_DROP == "revoke":
        certificate_revoke(certificate=certificate, reason=reason, automatically=True)
    else:
        Certificate.objects.filter(pk=certificate.pk).update(flagged_reason=reason)


# The credential ---------------------------------------------------------------------------------


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("verify", args=[certificate.public_id])


def issuer_profile() -> dict:
    return {
        "id": settings.SITE_URL + reverse("issuer"),
        "type": ["Profile"],
        "name": settings.CERTIFICATE_ISSUER_NAME,
        "url": settings.SITE_URL + "/",
    }


def _identifier(certificate: Certificate) -> dict:
    """The holder's email, salted and hashed: a verifier who knows it can check, no one can read
    it. The salt is derived from the secret key and the certificate, so it is stable."""
    salt = hashlib.sha256(f"{settings.SECRET_KEY}:{certificate.public_id}".encode()).hexdigest()[
        :16
    ]
    digest = hashlib.sha256((certificate.user.email + salt).encode()).hexdigest()
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
            "identifier": [_identifier(certificate)],
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
    """The credential as a VC-JWT: the JOSE claims mirror the credential's own fields."""
    payload = credential(certificate)
    return signing.sign(
        {
            **payload,
            "iss": payload["issuer"]["id"],
            "jti": payload["id"],
            "nbf": int(certificate.issued_at.timestamp()),
            "sub": payload["credentialSubject"]["id"],
        }
    )


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
    certificate = (
        Certificate.objects.filter(credential_id=credential_id).first()
        if _is_uuid(credential_id)
        else None
    )
    if certificate is None:
        return fail("status", _("This issuer has no such credential."))
    if certificate.status == CertificateStatus.REVOKED:
        return fail(
            "status",
            _("Revoked on %(date)s.") % {"date": certificate.revoked_at.date().isoformat()},
        )
    checks.append({"check": "status", "passed": True})
    return {"verified": True, "checks": checks, "credential": payload}


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


# Rendering, signing and the email (Celery tasks call these) -------------------------------------


def _locked(certificate_id: int) -> Certificate | None:
    """The certificate with its holder and course, its row locked until the transaction ends: a
    task run twice at once sees what the first one did."""
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("user", "course")
        .filter(pk=certificate_id)
        .first()
    )


def certificate_render(*, certificate_id: int) -> bool:
    """Render the PNG and PDF once; False if already done or impossible. A render that cannot
    succeed (a script no bundled font covers) is recorded on the certificate for the admin, and
    the signed credential still stands."""
    from django.core.files.base import ContentFile
    from django.utils import translation
    from django.utils.formats import date_format

    from assessments import certificate_render as render

    with transaction.atomic():
        certificate = _locked(certificate_id)
        if certificate is None or certificate.rendered_at is not None:
            return False
        with translation.override(certificate.user.language):
            context = {
                "holder_name": certificate.holder_name,
                "course_title": certificate.course_title,
                "issuer": settings.CERTIFICATE_ISSUER_NAME,
                "date": date_format(certificate.issued_at.date(), "DATE_FORMAT"),
                "competencies": [
                    f"{item['code']} {item['title']} · {item['level_name']}"
                    for item in certificate.competencies
                ],
                "verify_url": verify_url(certificate),
                "language": certificate.user.language,
                "labels": {
                    "title": _("Certificate of Completion"),
                    "certifies": _("This certifies that"),
                    "completed": _("has completed the course"),
                },
            }
            try:
                png, pdf = render.render_png(context), render.render_pdf(context)
            except render.RenderError as error:
                Certificate.objects.filter(pk=certificate.pk).update(render_error=str(error))
                return False
        name = str(certificate.public_id)
        certificate.png.save(f"{name}.png", ContentFile(png), save=False)
        certificate.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        certificate.rendered_at = timezone.now()
        certificate.render_error = ""
        certificate.save(update_fields=["png", "pdf", "rendered_at", "render_error"])
    return True


def certificate_email(*, certificate_id: int) -> bool:
    """Tell the learner, once (the row lock makes a retried task see it was sent)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    with transaction.atomic():
        certificate = _locked(certificate_id)
        if certificate is None or certificate.emailed_at is not None:
            return False
        with translation.override(certificate.user.language):
            context = {
                "certificate": certificate,
                "verify_url": verify_url(certificate),
                "certificates_url": settings.SITE_URL + reverse("certificates"),
            }
            subject = render_to_string("assessments/email/certificate_subject.txt", context)
            body = render_to_string("assessments/email/certificate_body.txt", context)
        send_mail(" ".join(subject.split()), body, None, [certificate.user.email])
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])
    return True


def certificate_rerender(*, certificate: Certificate) -> None:
    """Render the files and sign the credential again (after a template or key change)."""
    from assessments.tasks import render_certificate

    Certificate.objects.filter(pk=certificate.pk).update(
        rendered_at=None, credential_jwt=credential_jwt(certificate)
    )
    enqueue_on_commit(render_certificate, certificate.pk)
