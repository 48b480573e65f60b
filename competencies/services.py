"""Writes to the talent standards: a framework's tree, its status, a competency's place in it,
the level a course, lesson, question or role names, and a learner's goal. The admin, the importers
and other apps call these; a rule that lives only in a form is a bug."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from competencies.models import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    LearnerGoal,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
)
from core.bidi import isolate

# Rows a bulk statement writes: a framework of thousands of competencies costs a few statements
# of bounded size (far below PostgreSQL's and SQLite's parameter limits).
BATCH = 500


@transaction.atomic
def framework_tree_rebuild(*, framework: CompetencyFramework) -> None:
    """Recompute every competency's tree_path (after a save, a move or an import): one read,
    one bulk write, so the browser can list the tree in order with a single query."""
    # Not framework.competencies: the related manager would load each row's framework_id again.
    competencies = list(
        Competency.objects.filter(framework=framework).only("id", "parent", "order", "tree_path")
    )
    by_parent: dict[int | None, list[Competency]] = {}
    for competency in competencies:
        by_parent.setdefault(competency.parent_id, []).append(competency)
    changed = []
    pending: list[tuple[int | None, str]] = [(None, "")]  # iterative: any depth, no recursion
    while pending:
        parent_id, prefix = pending.pop()
        for child in sorted(by_parent.get(parent_id, []), key=lambda c: (c.order, c.pk)):
            path = f"{prefix}{child.order:06d}-{child.pk:09d}"
            if child.tree_path != path:
                child.tree_path = path
                changed.append(child)
            pending.append((child.pk, path + "/"))
    Competency.objects.bulk_update(changed, ["tree_path"], batch_size=BATCH)
    # The tree changed, so the framework did (CASE clients sync on lastChangeDateTime).
    framework.save(update_fields=["updated_at"])


# Rows that point at a competency without being a use of it: its sub-competencies (a tree
# change moves or removes them in turn) and courses' teaching roll-up (rebuilt from course
# targets, which are a use).
NOT_USES = {("competencies.Competency", "parent"), ("courses.CompetencyTeaching", "competency")}


def competency_uses(*, competency_ids: list[int]) -> dict[int, str]:
    """What uses each of these competencies, for those something uses: "course targets (2),
    lessons (1)". Found through the foreign keys to Competency (every app's, without importing
    them), one query per kind of use."""
    if not competency_ids:
        return {}
    counts: dict[int, list[str]] = {}
    for relation in Competency._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        model, name = relation.related_model, relation.field.name
        if (model._meta.label, name) in NOT_USES:
            continue
        rows = (
            model._default_manager.filter(**{f"{name}__in": competency_ids})
            .values_list(relation.field.attname)
            .annotate(total=Count("pk"))
            .order_by()
        )
        for competency_id, total in rows:
            counts.setdefault(competency_id, []).append(
                f"{model._meta.verbose_name_plural} ({total})"
            )
    return {competency_id: ", ".join(uses) for competency_id, uses in counts.items()}


def competency_parent_error(*, competency: Competency, parent: Competency | None) -> str | None:
    """Why `parent` cannot hold `competency`, or None if it can."""
    if parent is None:
        return None
    if parent.framework_id != competency.framework_id:
        return _("The parent must be in the same framework.")
    ancestor = parent
    while ancestor is not None:
        if competency.pk and ancestor.pk == competency.pk:
            return _("A competency cannot sit inside itself or its own sub-competencies.")
        ancestor = ancestor.parent
    return None


@transaction.atomic
def competency_save(*, competency: Competency) -> Competency:
    """Validate and save a competency, then rebuild its framework's tree. Its parent must be in
    the same framework and not inside it (`competency_parent_error`), or ValidationError on
    "parent"."""
    problem = competency_parent_error(competency=competency, parent=competency.parent)
    if problem:
        raise ValidationError({"parent": [problem]})
    competency.full_clean(exclude=["tree_path"])
    competency.save()
    framework_tree_rebuild(framework=competency.framework)
    competency.refresh_from_db(fields=["tree_path"])  # the rebuild wrote other instances
    return competency


def level_of_competency_error(
    *, competency: Competency | None, level: ProficiencyLevel | None
) -> str | None:
    """Why `level` cannot be named for `competency` (a course target, a role requirement, a
    question's evidence), or None if it can: a level comes from the competency's own framework."""
    if competency and level and competency.framework_id != level.framework_id:
        return _("Pick a level of the competency's own framework.")
    return None


def role_requirement_errors(
    *, role: TargetRole, competency: Competency | None, level: ProficiencyLevel | None
) -> dict[str, list[str]]:
    """What keeps `role` from requiring `competency` at `level`, by field; empty when nothing
    does: both come from the role's own framework."""
    errors: dict[str, list[str]] = {}
    if competency and role.framework_id and competency.framework_id != role.framework_id:
        errors["competency"] = [_("Pick a competency of the role's framework.")]
    problem = level_of_competency_error(competency=competency, level=level)
    if problem:
        errors["level"] = [problem]
    return errors


def role_requirement_save(*, requirement: RoleRequirement) -> RoleRequirement:
    """Save what a role requires, or raise ValidationError by field (`role_requirement_errors`)."""
    errors = role_requirement_errors(
        role=requirement.role, competency=requirement.competency, level=requirement.level
    )
    if errors:
        raise ValidationError(errors)
    requirement.save()
    return requirement


def scale_errors(levels: list[tuple[int, bool]]) -> list[str]:
    """What is wrong with a proficiency scale given as (rank, is_proficient) pairs: one level
    is the proficient threshold at most, and each level has its own rank."""
    errors = []
    if sum(1 for _rank, proficient in levels if proficient) > 1:
        errors.append(_("Tick “proficient” on one level only: the threshold."))
    ranks = [rank for rank, _proficient in levels]
    if len(ranks) != len(set(ranks)):
        errors.append(_("Each level needs its own rank."))
    return errors


def framework_set_status(*, framework: CompetencyFramework, status: str) -> CompetencyFramework:
    if (
        status == FrameworkStatus.PUBLISHED
        and not framework.levels.filter(is_proficient=True).exists()
    ):
        raise ValidationError(
            _("“%(title)s” needs a proficiency scale with a proficient level before publishing.")
            % {"title": isolate(framework.title)}
        )
    framework.status = status
    framework.save(update_fields=["status", "updated_at"])
    return framework


def learner_goal_set(*, user, role: TargetRole | None) -> None:
    """Choose (or with None, clear) the target role a learner works towards."""
    if role is None:
        LearnerGoal.objects.filter(user=user).delete()
        return
    if role.framework.status != FrameworkStatus.PUBLISHED:
        raise ValidationError(_("That role is not available."))
    LearnerGoal.objects.update_or_create(user=user, defaults={"role": role})
