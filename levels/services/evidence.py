"""Evidence a learner brings besides grades: level exam results (scored by the blueprint) and
declared work experience (attested by an assessor)."""

from datetime import date
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import api as accounts
from assessments import api as assessments
from core.enqueue import enqueue_on_commit
from courses import api as courses
from levels import blueprint
from levels.models import ClaimStatus, ExamResult, ExperienceClaim, RoleLevel
from levels.selectors import can_assess
from levels.services.awards import LevelConflict, levels_check

CHECK = "levels.tasks.check_levels"
RESCORE = "levels.tasks.rescore_level_exam"


def exam_results_refresh(*, user, course_id: int) -> None:
    """Score the learner's graded attempts at every level exam of the course by its blueprint and
    keep the best, under the learner's lock (a grade change's follow-up: run twice, it stores the
    same). One query for a course with no level exam; two more per level exam."""
    levels = list(
        RoleLevel.objects.filter(exam__course_id=course_id)
        .select_related("exam")
        .prefetch_related("exam_units__competency")
    )
    if not levels:
        return
    with transaction.atomic():
        accounts.learner_lock(user)
        for level in levels:
            _exam_result_refresh(user, level)


def _exam_result_refresh(user, level: RoleLevel) -> None:
    units = [
        blueprint.Unit(
            unit.name,
            unit.competency.framework_id,
            unit.competency.tree_path,
            unit.weight,
            unit.min_percent,
        )
        for unit in level.exam_units.all()
    ]
    best = blueprint.best_score(
        units,
        assessments.graded_item_points(user=user, assessment=level.exam),
        pass_mark=level.exam_pass_mark,
    )
    if best is None:
        ExamResult.objects.filter(user=user, level=level).delete()
        return
    attempt_id, score = best
    ExamResult.objects.update_or_create(
        user=user,
        level=level,
        defaults={
            "attempt_id": attempt_id,
            "percent": score.percent,
            "passed": score.passed,
            "units": score.units,
        },
    )


# A learner's claims waiting for an assessor, per role: enough for a career, not for a flood of
# 20 MB uploads.
MAX_PENDING_CLAIMS = 5
# Evidence is a letter or a contract: a PDF or a Word document, checked by its first bytes too.
EVIDENCE_SIGNATURES = {"pdf": b"%PDF-", "docx": b"PK\x03\x04"}


def _evidence_errors(evidence) -> list[str]:
    if evidence is None:
        return [_("Attach a letter or contract that shows this work.")]
    extension = PurePath(evidence.name).suffix.lower().lstrip(".")
    signature = EVIDENCE_SIGNATURES.get(extension)
    if signature is None:
        return [_("Attach a PDF or a Word document (.docx).")]
    try:
        courses.validate_attachment(evidence)  # the size limit of lesson attachments
    except ValidationError as error:
        return error.messages
    evidence.seek(0)
    head = evidence.read(len(signature))
    evidence.seek(0)
    if head != signature:
        return [_("This file is not a real .%(extension)s file.") % {"extension": extension}]
    return []


def experience_declare(
    *, user, role, employer: str, job_title: str, started_on: date, ended_on: date | None, evidence
) -> ExperienceClaim:
    """Declare work experience in a role that asks for it, with its evidence (a PDF or Word
    document, kept private); it counts once an assessor attests it."""
    if not RoleLevel.objects.filter(
        role=role, role__framework__status="published", min_experience_months__gt=0
    ).exists():
        raise ValidationError({"role": [_("No level of this role asks for work experience.")]})
    if (
        ExperienceClaim.objects.filter(user=user, role=role, status=ClaimStatus.PENDING).count()
        >= MAX_PENDING_CLAIMS
    ):
        raise LevelConflict(
            _("You have %(count)d declarations waiting for an assessor; wait for their review.")
            % {"count": MAX_PENDING_CLAIMS}
        )
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not employer.strip():
        errors["employer"] = [_("Enter the employer's name.")]
    if not job_title.strip():
        errors["job_title"] = [_("Enter the job title.")]
    if started_on > today:
        errors["started_on"] = [_("The start cannot be in the future.")]
    if ended_on is not None and ended_on > today:
        errors["ended_on"] = [
            _("The end cannot be in the future; leave it empty if the job goes on.")
        ]
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = [_("The end must come after the start.")]
    if evidence_errors := _evidence_errors(evidence):
        errors["evidence"] = evidence_errors
    if errors:
        raise ValidationError(errors)
    return ExperienceClaim.objects.create(
        user=user,
        role=role,
        employer=employer.strip(),
        job_title=job_title.strip(),
        started_on=started_on,
        ended_on=ended_on,
        evidence=evidence,
    )


def experience_review(*, claim: ExperienceClaim, by, attest: bool, reason: str = "") -> None:
    """An assessor who stewards the claim's role attests it or rejects it with a reason; the
    learner's applications move on at once."""
    if not can_assess(by, claim.role):
        raise PermissionDenied(_("You do not assess this role."))
    if by.pk == claim.user_id:
        raise PermissionDenied(_("Another assessor reviews your own experience."))
    if not attest and not reason.strip():
        raise ValidationError({"review_reason": [_("Say why the experience is rejected.")]})
    with transaction.atomic():
        accounts.learner_lock(claim.user)  # and their kept pages show the review at once
        updated = ExperienceClaim.objects.filter(pk=claim.pk, status=ClaimStatus.PENDING).update(
            status=ClaimStatus.ATTESTED if attest else ClaimStatus.REJECTED,
            reviewed_at=timezone.now(),
            reviewed_by=by,
            review_reason=reason.strip(),
        )
        if not updated:
            raise LevelConflict(_("This experience has already been reviewed."))
        levels_check(user=claim.user)


def level_exam_rescore(*, level: RoleLevel) -> None:
    """After a level's exam, pass mark or blueprint changed: every learner's result is scored
    again (after commit, by a task), and their applications move on."""
    enqueue_on_commit(RESCORE, level.pk)


def level_exam_rescore_now(*, level_id: int) -> int:
    """The task's work: each learner with a result or a graded attempt at the level's exam.
    Returns how many learners were scored."""
    level = RoleLevel.objects.filter(pk=level_id).select_related("exam").first()
    if level is None:
        return 0
    learners = set(ExamResult.objects.filter(level=level).values_list("user_id", flat=True))
    if level.exam_id:
        learners |= set(assessments.graded_learner_ids(assessment=level.exam))
    users = get_user_model().objects.filter(pk__in=learners)
    for user in users:
        with transaction.atomic():
            accounts.learner_lock(user)
            if level.exam_id:
                _exam_result_refresh(user, level)
            else:
                ExamResult.objects.filter(user=user, level=level).delete()
        levels_check(user=user)
    return len(learners)
