"""Applying for a level, awarding it, an assessor's decision, and what follows a lost course
certificate. Every change takes the learner's lock first (as grades and certificates do), so an
award, a revocation and a re-check of the same learner run one after the other; the unique
constraint on (learner, level) makes a second award impossible whatever the race."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import api as accounts
from certificates import api as certificates
from core.bidi import isolate
from core.enqueue import enqueue_on_commit
from core.errors import Conflict
from courses import api as courses
from levels import credential as documents
from levels.models import (
    ApplicationStatus,
    CredentialStatus,
    LevelApplication,
    LevelCredential,
    RoleLevel,
)
from levels.models.applications import OPEN_STATUSES
from levels.path import LevelPath, level_path
from levels.selectors import can_assess

RENDER = "levels.tasks.render_level_credential"


class LevelConflict(Conflict):
    """The request is fine, but the level's or application's state refuses it now."""


def level_apply(*, user, level: RoleLevel) -> LevelApplication:
    """Apply (once: an open application is returned as it is), then decide at once: awarded when
    the rules are met and the level needs no review, queued for an assessor when it does, else
    waiting until the last rule is met."""
    if level.role.framework.status != "published":
        raise LevelConflict(_("This role is not open for applications."))
    with transaction.atomic():
        accounts.learner_lock(user)
        path = level_path(user, level)
        if not path.checks:
            raise LevelConflict(_("This level has no rules yet: it cannot be applied for."))
        held = path.credential
        if held is not None:
            raise LevelConflict(
                _("You already hold this level.")
                if held.is_valid
                else _("Your credential for this level was revoked; ask the role's assessors.")
            )
        application = LevelApplication.objects.filter(
            user=user, level=level, status__in=OPEN_STATUSES
        ).first()
        if application is None:
            application = LevelApplication.objects.create(user=user, level=level)
        _decide(application, path)
    application.refresh_from_db()
    return application


def _decide(application: LevelApplication, path: LevelPath) -> None:
    """Move an open application on (the learner's lock held)."""
    if path.credential is not None:  # awarded meanwhile (or revoked: never awarded twice)
        _close(application, ApplicationStatus.AWARDED)
    elif not path.rules_met:
        if application.status != ApplicationStatus.WAITING:
            _close(application, ApplicationStatus.WAITING)
    elif path.level.needs_review:
        if application.status != ApplicationStatus.IN_REVIEW:
            _close(application, ApplicationStatus.IN_REVIEW)
    else:
        level_award(user=application.user, level=path.level, path=path)
        _close(application, ApplicationStatus.AWARDED)


def _close(application: LevelApplication, status: str, *, by=None, reason: str = "") -> None:
    fields = {"status": status}
    if status in (ApplicationStatus.AWARDED, ApplicationStatus.REJECTED):
        fields |= {"decided_at": timezone.now(), "decided_by": by, "decision_reason": reason}
    LevelApplication.objects.filter(pk=application.pk).update(**fields)


def levels_check(*, user) -> None:
    """After anything that may change a learner's standing (a grade, a certificate issued or
    revoked, an exam result, attested experience): open applications move on, and credentials
    follow the course certificates they relied on."""
    open_applications = LevelApplication.objects.filter(user=user, status__in=OPEN_STATUSES)
    if not open_applications.exists() and not LevelCredential.objects.filter(user=user).exists():
        return  # most learners: nothing to decide, no lock taken
    with transaction.atomic():
        accounts.learner_lock(user)
        for application in LevelApplication.objects.filter(
            user=user, status__in=OPEN_STATUSES
        ).select_related("level__role"):
            _decide(application, level_path(user, application.level))
        _follow_certificates(user)


def _follow_certificates(user) -> None:
    """A credential whose course certificate was revoked is revoked or flagged
    (LEVEL_ON_CERTIFICATE_REVOKED); once every one of them is valid again (any version of the
    course), it is reinstated. A person's revocation is never undone."""
    credentials = list(LevelCredential.objects.select_for_update().filter(user=user))
    relying = [c for c in credentials if c.evidence.get("certificates")]
    if not relying:
        return
    certified = certificates.certified_families(user=user)
    for credential in relying:
        lost = [
            item["course"]
            for item in credential.evidence["certificates"]
            if item["family"] not in certified
        ]
        if lost and credential.is_valid and not credential.flagged_reason:
            reason = _("A course certificate this level relied on was revoked: %(courses)s.") % {
                "courses": ", ".join(lost)
            }
            if settings.LEVEL_ON_CERTIFICATE_REVOKED == "revoke":
                credential_revoke(credential=credential, reason=reason, automatically=True)
            else:
                LevelCredential.objects.filter(pk=credential.pk).update(flagged_reason=reason)
        elif not lost and credential.revoked_automatically:
            LevelCredential.objects.filter(pk=credential.pk).update(
                status=CredentialStatus.VALID,
                revoked_at=None,
                revoked_reason="",
                revoked_automatically=False,
                flagged_reason="",
            )
        elif not lost and credential.flagged_reason and credential.is_valid:
            LevelCredential.objects.filter(pk=credential.pk).update(flagged_reason="")


def _evidence(user, level: RoleLevel, path: LevelPath) -> dict:
    """What the credential shows of the evidence: nothing private."""
    families = {courses.family_id(rule.course) for rule in level.course_rules.all()}
    held = {}
    for certificate in (
        certificates.Certificate.objects.filter(
            user=user, status=certificates.CertificateStatus.VALID
        )
        .select_related("course")
        .order_by("issued_at")
    ):
        family = courses.family_id(certificate.course)
        if family in families:
            held.setdefault(family, certificate)
    exam = path.exam_result
    return {
        "certificates": [
            {
                "course": certificate.course_title,
                "language": certificate.course_language,
                "family": family,
                "verify_url": settings.SITE_URL + reverse("verify", args=[certificate.public_id]),
            }
            for family, certificate in held.items()
        ],
        "exam": {"percent": str(exam.percent), "units": exam.units}
        if exam and exam.passed
        else None,
        "study_hours": level.min_study_hours,
        "experience_months": level.min_experience_months,
    }


def level_award(*, user, level: RoleLevel, path: LevelPath | None = None, by=None):
    """Award the level once (the unique constraint decides a race) and sign its credential;
    rendering follows after commit. Returns (credential, created)."""
    path = path or level_path(user, level)
    credential = LevelCredential(
        user=user,
        level=level,
        holder_name=user.full_name,
        role_name=level.role.name,
        level_name=level.name,
        evidence=_evidence(user, level, path),
        competencies=[
            {
                "code": rule.competency.code,
                "title": rule.competency.title,
                "level_name": rule.min_level.name,
                "framework_title": rule.competency.framework.title,
                "item": str(rule.competency.uuid),
            }
            for rule in level.competency_rules.all()
        ],
        equivalences=[
            {"framework": item.framework, "code": item.code, "url": item.url}
            for item in level.equivalences.all()
        ],
        issued_at=timezone.now(),
        awarded_by=by,
    )
    with translation.override(user.language):  # the holder's, whoever awards it
        credential.credential_jwt = documents.credential_jwt(credential)
    try:
        with transaction.atomic():
            credential.save(force_insert=True)
    except IntegrityError:
        return LevelCredential.objects.get(user=user, level=level), False
    enqueue_on_commit(RENDER, credential.pk)
    return credential, True


def application_decide(*, application: LevelApplication, by, approve: bool, reason: str = ""):
    """An assessor who stewards the role approves (the level is awarded) or rejects (with a
    reason the learner sees) an application waiting for review."""
    if not can_assess(by, application.level.role):
        raise PermissionDenied(_("You do not assess this role."))
    if by.pk == application.user_id:
        raise PermissionDenied(_("Another assessor decides your own application."))
    if not approve and not reason.strip():
        raise ValidationError({"decision_reason": [_("Say why the application is not approved.")]})
    with transaction.atomic():
        accounts.learner_lock(application.user)
        application = LevelApplication.objects.select_related("level__role", "user").get(
            pk=application.pk
        )
        if application.status != ApplicationStatus.IN_REVIEW:
            raise LevelConflict(_("This application is not waiting for a review."))
        if not approve:
            _close(application, ApplicationStatus.REJECTED, by=by, reason=reason.strip())
            return None
        path = level_path(application.user, application.level)
        if not path.rules_met:
            raise LevelConflict(_("The learner no longer meets every rule of this level."))
        credential, _created = level_award(
            user=application.user, level=application.level, path=path, by=by
        )
        _close(application, ApplicationStatus.AWARDED, by=by, reason=reason.strip())
        return credential


@transaction.atomic
def credential_revoke(
    *, credential: LevelCredential, reason: str, by=None, automatically: bool = False
) -> LevelCredential:
    """Revoke (never delete); the reason stays private. A person's revocation takes over an
    automatic one, which a reinstated certificate would otherwise undo."""
    if not automatically and not reason.strip():
        raise ValidationError({"revoked_reason": [_("Say why the credential is revoked.")]})
    accounts.learner_lock(credential.user)  # first, as every other levels change takes it
    credential = LevelCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.status == CredentialStatus.REVOKED and not (
        credential.revoked_automatically and not automatically
    ):
        return credential
    credential.status = CredentialStatus.REVOKED
    credential.revoked_at = timezone.now()
    credential.revoked_reason = reason
    credential.revoked_by = by
    credential.revoked_automatically = automatically
    credential.flagged_reason = ""
    credential.save(
        update_fields=[
            "status",
            "revoked_at",
            "revoked_reason",
            "revoked_by",
            "revoked_automatically",
            "flagged_reason",
        ]
    )
    return credential


def render_context(credential: LevelCredential) -> dict:
    """What the PNG and PDF show, in the holder's language (the certificate renderer's context)."""
    return {
        "holder_name": credential.holder_name,
        "course_title": f"{credential.role_name} · {credential.level_name}",
        "issuer": settings.CERTIFICATE_ISSUER_NAME,
        "date": date_format(credential.issued_at.date(), "DATE_FORMAT"),
        "competencies": [
            f"{isolate(item['code'])} {item['title']} · {isolate(item['level_name'])}"
            for item in credential.competencies
        ],
        "verify_url": documents.verify_url(credential),
        "language": credential.user.language,
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "labels": {
            "title": _("Level Credential"),
            "certifies": _("This certifies that"),
            "completed": _("has reached the level"),
        },
    }


def credential_render(*, credential_id: int) -> bool:
    """Render the PNG and PDF once, with no lock held; False if done or impossible (a script no
    bundled font covers is recorded for the admin)."""
    credential = LevelCredential.objects.select_related("user").filter(pk=credential_id).first()
    if credential is None or credential.rendered_at is not None:
        return False
    with translation.override(credential.user.language):
        return certificates.render_files(credential, render_context(credential))


def credential_rerender(*, credential: LevelCredential) -> None:
    """Render the files and sign the credential again (after a failed render, a template or a key
    change); the render follows after commit."""
    with translation.override(credential.user.language):
        signed = documents.credential_jwt(credential)
    LevelCredential.objects.filter(pk=credential.pk).update(
        rendered_at=None, render_error="", credential_jwt=signed
    )
    enqueue_on_commit(RENDER, credential.pk)
