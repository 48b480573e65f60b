"""Reads of the talent standards for pages, the API and other apps."""

import time
from typing import NamedTuple

from django.core.cache import cache

from competencies.models import (
    CODE_FORBIDDEN,
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    LearnerGoal,
    RoleRequirement,
    TargetRole,
)
from core import caching


def published_frameworks():
    return CompetencyFramework.objects.filter(status=FrameworkStatus.PUBLISHED)


def published_framework(uuid) -> CompetencyFramework | None:
    return published_frameworks().filter(uuid=uuid).first()


def published_competency(uuid, *, related: tuple[str, ...] = ()) -> Competency | None:
    """`related`: more relations to load with it (`select_related`)."""
    return (
        Competency.objects.filter(uuid=uuid, framework__status=FrameworkStatus.PUBLISHED)
        .select_related("framework", *related)
        .first()
    )


def published_competency_by_code(*, framework_uuid, code: str) -> Competency | None:
    """The competency with this code in a published framework, if exactly one has it (codes may
    repeat: then None, as a code alone does not say which)."""
    if CODE_FORBIDDEN.search(code):  # no code has one (and PostgreSQL refuses a NUL)
        return None
    found = list(
        Competency.objects.filter(
            framework__uuid=framework_uuid, framework__status=FrameworkStatus.PUBLISHED, code=code
        ).only("id", "uuid")[:2]
    )
    return found[0] if len(found) == 1 else None


def competencies_in_tree_order(framework_ids, *, also: tuple[str, ...] = ()):
    """The competencies of these frameworks, each framework's in tree order (a parent before its
    children), with the columns a tree shows (and the fields in `also`)."""
    return (
        Competency.objects.filter(framework_id__in=framework_ids)
        .only("id", "framework", "parent", "uuid", "code", "title", "tree_path", *also)
        .order_by("framework_id", "tree_path")
    )


def descendant_ids(competency: Competency) -> set[int]:
    """The competency and everything below it (one query)."""
    rows = Competency.objects.filter(
        framework_id=competency.framework_id, tree_path__startswith=competency.tree_path
    ).values_list("pk", flat=True)
    return set(rows)


def competency_ancestors(competency: Competency) -> list[Competency]:
    """From the root down to the competency's parent (one query, reading only them: each
    ancestor's tree path is a prefix of the competency's)."""
    steps = competency.tree_path.split("/")[:-1]
    if not steps:
        return []
    prefixes = ["/".join(steps[: count + 1]) for count in range(len(steps))]
    return list(
        Competency.objects.filter(framework_id=competency.framework_id, tree_path__in=prefixes)
        .only("id", "parent", "uuid", "code", "title", "tree_path")
        .order_by("tree_path")
    )


def roles_requiring(competency: Competency) -> list[RoleRequirement]:
    return list(
        RoleRequirement.objects.filter(competency=competency).select_related("role", "level")
    )


def published_roles():
    return TargetRole.objects.filter(framework__status=FrameworkStatus.PUBLISHED).select_related(
        "framework"
    )


def learner_goal(user) -> TargetRole | None:
    goal = (
        LearnerGoal.objects.filter(user=user, role__framework__status=FrameworkStatus.PUBLISHED)
        .select_related("role")
        .first()
    )
    return goal.role if goal else None


COMPETENCY_CHOICES_KEY = "competencies:catalog-choices:versioned"
# Saving or deleting a competency or a framework forgets the list (every change of a tree saves
# its framework); the time limit bounds how long another process's local-memory cache (the
# embedded setup) may show a stale one.
COMPETENCY_CHOICES_SECONDS = 300


class CompetencyChoices(NamedTuple):
    version: int  # new each time the list is built: what a rendered list is kept under
    groups: list[tuple[str, list[tuple[str, str]]]]


def competency_choices() -> CompetencyChoices:
    """Catalog filter choices: per published framework, its areas and competencies. One query,
    none while cached: the catalog asks on every request."""
    choices = cache.get(COMPETENCY_CHOICES_KEY)
    if choices is None:
        choices = CompetencyChoices(time.time_ns(), _competency_choices())
        cache.set(COMPETENCY_CHOICES_KEY, choices, COMPETENCY_CHOICES_SECONDS)
    return choices


def competency_choices_forget(**_signal) -> None:
    """Connected to saving and deleting competencies and frameworks (competencies.apps): now,
    and again at commit (a catalog read in between may have kept the old list)."""
    caching.forget(COMPETENCY_CHOICES_KEY)


def _competency_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for competency in (
        Competency.objects.filter(framework__status=FrameworkStatus.PUBLISHED)
        .select_related("framework")
        .order_by("framework__title", "tree_path")
    ):
        indent = "\u2003" * competency.depth
        groups.setdefault(competency.framework_id, (competency.framework.title, []))[1].append(
            (str(competency.uuid), f"{indent}{competency.code} {competency.title}")
        )
    return list(groups.values())


# IMS CASE provider: published frameworks and retired ones (marked deprecated, so that issued
# credentials' alignments keep resolving); drafts are never served.
CASE_SERVED = (FrameworkStatus.PUBLISHED, FrameworkStatus.RETIRED)


def case_frameworks():
    return CompetencyFramework.objects.filter(status__in=CASE_SERVED)


def case_framework(uuid) -> CompetencyFramework | None:
    return case_frameworks().filter(uuid=uuid).first()


def case_competency(uuid, *, with_parent: bool = False) -> Competency | None:
    """A competency of a served framework, loaded with its framework (and its parent): one
    query, by the unique (indexed) uuid."""
    related = ("framework", "parent") if with_parent else ("framework",)
    return (
        Competency.objects.filter(uuid=uuid, framework__status__in=CASE_SERVED)
        .select_related(*related)
        .first()
    )


def sibling_position(competency: Competency) -> int:
    """The competency's 1-based position among its siblings, in tree order (one query)."""
    earlier = Competency.objects.filter(
        framework_id=competency.framework_id,
        parent_id=competency.parent_id,
        tree_path__lt=competency.tree_path,
    )
    return earlier.count() + 1


def children_in_tree_order(competency: Competency) -> list[Competency]:
    return list(competency.children.order_by("tree_path"))
