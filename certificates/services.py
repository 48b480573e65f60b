"""Issuing, revoking, rendering and announcing certificates. Certificates follow grades through
the events assessments send (see `certificates.apps`); nothing here is called by assessments."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import api as accounts
from assessments import api as assessments
from certificates import cached_pages
from certificates.credentials import credential_jwt, verify_url
from certificates.issued import render_files
from certificates.models import Certificate, CertificateStatus
from core.bidi import isolate
from core.enqueue import enqueue_on_commit
from courses import api as courses

RENDER = "certificates.tasks.render_certificate"
EMAIL = "certificates.tasks.email_certificate"
ISSUE_CHECK = "certificates.tasks.issue_certificate_if_earned"


def rules_met(*, user, course) -> bool:
    """A passing course grade, and every lesson completed when the course asks for it."""
    enrollment = courses.enrollment_for(user=user, course=course)
    if enrollment is None:
        return False
    if not assessments.course_grade_passed(enrollment):
        return False
    if course.certificate_needs_all_lessons:
        lessons = courses.course_lesson_ids(course)
        return lessons <= courses.completed_lesson_ids(enrollment)
    return True


def certificate_issue(
    *, user, course, awarded_by=None, reason: str = ""
) -> tuple[Certificate, bool]:
    """Issue once (the unique constraint decides a race) and sign its credential; rendering and
    the email follow after commit, once. Returns (certificate, created). A hand award (one with
    `awarded_by`) needs a reason: without one it would pass for an automatic certificate, which
    grade_follow_up revokes or flags."""
    if awarded_by is not None and not reason.strip():
        raise ValidationError({"reason": [_("Say why the certificate is awarded by hand.")]})
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
    enqueue_on_commit(RENDER, certificate.pk)
    enqueue_on_commit(EMAIL, certificate.pk)
    return certificate, True


def certificate_award(*, course, learner, by, reason: str) -> tuple[Certificate, bool]:
    """Award a certificate by hand, whatever the grades say: to a learner enrolled in the course,
    with the reason kept on record (ValidationError on "learner" or "reason"). Returns
    (certificate, created); a learner who already has it keeps it as it is."""
    errors = {}
    if courses.enrollment_for(user=learner, course=course) is None:
        errors["learner"] = [_("This learner is not enrolled in the course.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the certificate is awarded by hand.")]
    if errors:
        raise ValidationError(errors)
    return certificate_issue(user=learner, course=course, awarded_by=by, reason=reason.strip())


def _frozen_competencies(user, course) -> list[dict]:
    """The competencies the course teaches that the learner has shown, at the level shown (never
    above what the course teaches)."""
    achieved = assessments.achieved_levels(user)
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
        accounts.learner_lock(user)
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


@transaction.atomic(savepoint=False)  # called inside the grade's transaction: no savepoint
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
            cached_pages.forget(certificate)
        return
    if not regrade or certificate.status != CertificateStatus.VALID:
        return
    reason = _("After a regrade the course grade is below the pass mark.")
    if settings.CERTIFICATE_ON_GRADE_DROP == "revoke":
        certificate_revoke(certificate=certificate, reason=reason, automatically=True)
    else:
        Certificate.objects.filter(pk=certificate.pk).update(flagged_reason=reason)


# Rendering, signing and the email (Celery tasks call these) -------------------------------------


def render_context(certificate: Certificate) -> dict:
    """What the PNG and PDF of `certificate` show, in the active language (the holder's, when
    called by `certificate_render`)."""
    return {
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "issuer": settings.CERTIFICATE_ISSUER_NAME,
        "date": date_format(certificate.issued_at.date(), "DATE_FORMAT"),
        # The title sets the line's direction; the code and level are isolated in it.
        "competencies": [
            f"{isolate(item['code'])} {item['title']} · {isolate(item['level_name'])}"
            for item in certificate.competencies
        ],
        "verify_url": verify_url(certificate),
        "language": certificate.user.language,
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "labels": {
            "title": _("Certificate of Completion"),
            "certifies": _("This certifies that"),
            "completed": _("has completed the course"),
        },
    }


def certificate_render(*, certificate_id: int) -> bool:
    """Render the PNG and PDF once (`issued.render_files`: no row lock held); False if already
    done or impossible, the signed credential standing either way."""
    certificate = (
        Certificate.objects.select_related("user", "course").filter(pk=certificate_id).first()
    )
    if certificate is None or certificate.rendered_at is not None:
        return False
    with translation.override(certificate.user.language):
        return render_files(certificate, render_context(certificate))


# Longer than the email task's time limit: a claim this old was left by a worker that died.
EMAIL_CLAIM_TIMEOUT = timedelta(minutes=5)


def unsent_emails():
    """Certificates whose email is not sent and not being sent (or whose sender died)."""
    stale = timezone.now() - EMAIL_CLAIM_TIMEOUT
    return Certificate.objects.filter(emailed_at=None).filter(
        Q(email_claimed_at=None) | Q(email_claimed_at__lt=stale)
    )


def certificate_email(*, certificate_id: int) -> bool:
    """Tell the learner, once. The email is claimed by a conditional update (a concurrent or
    retried task sees the claim), sent with no row lock held (a slow mail server never blocks a
    regrade), and marked sent only after it went out: a failed send gives the claim back for the
    retry, and a worker that died mid-send leaves a claim that expires, so the sweep sends it."""
    now = timezone.now()
    if not unsent_emails().filter(pk=certificate_id).update(email_claimed_at=now):
        return False
    certificate = Certificate.objects.select_related("user").get(pk=certificate_id)
    with translation.override(certificate.user.language):
        context = {
            "certificate": certificate,
            "verify_url": verify_url(certificate),
            "certificates_url": settings.SITE_URL + reverse("certificates"),
        }
        subject = render_to_string("certificates/email/certificate_subject.txt", context)
        body = render_to_string("certificates/email/certificate_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [certificate.user.email])
    except Exception:
        Certificate.objects.filter(pk=certificate_id).update(email_claimed_at=None)
        raise
    Certificate.objects.filter(pk=certificate_id).update(emailed_at=timezone.now())
    return True


def certificate_rerender(*, certificate: Certificate) -> None:
    """Render the files and sign the credential again (after a template or key change)."""
    Certificate.objects.filter(pk=certificate.pk).update(
        rendered_at=None, credential_jwt=credential_jwt(certificate)
    )
    enqueue_on_commit(RENDER, certificate.pk)
