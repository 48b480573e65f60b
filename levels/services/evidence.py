"""Evidence a learner brings besides grades: level exam results (scored by the blueprint) and
declared work experience (attested by an assessor)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import api as accounts
from assessments import api as assessments
from courses import api as courses
from levels import blueprint
from levels.models import ClaimStatus, ExamResult, ExperienceClaim, RoleLevel
from levels.selectors import can_assess
from levels.services.awards import LevelConflict, levels_check

CHECK = "levels.tasks.check_levels"


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


def experience_declare(
    *, user, role, employer: str, job_title: str, started_on: date, ended_on: date | None, evidence
) -> ExperienceClaim:
    """Declare work experience in a role with its evidence (a PDF or image, checked like a lesson
    attachment and kept private); it counts once an assessor attests it."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not employer.strip():
        errors["employer"] = [_("Name the employer.")]
    if not job_title.strip():
        errors["job_title"] = [_("Name the job.")]
    if started_on > today:
        errors["started_on"] = [_("The start cannot be in the future.")]
    if ended_on is not None and ended_on > today:
        errors["ended_on"] = [
            _("The end cannot be in the future; leave it empty if the job goes on.")
        ]
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = [_("The end must come after the start.")]
    if evidence is None:
        errors["evidence"] = [_("Attach a letter or contract that shows this work.")]
    else:
        try:
            courses.validate_attachment(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
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
    if not attest and not reason.strip():
        raise ValidationError({"review_reason": [_("Say why the experience is rejected.")]})
    with transaction.atomic():
        updated = ExperienceClaim.objects.filter(pk=claim.pk, status=ClaimStatus.PENDING).update(
            status=ClaimStatus.ATTESTED if attest else ClaimStatus.REJECTED,
            reviewed_at=timezone.now(),
            reviewed_by=by,
            review_reason=reason.strip(),
        )
        if not updated:
            raise LevelConflict(_("This experience has already been reviewed."))
        levels_check(user=claim.user)
