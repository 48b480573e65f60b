"""The talent standards seen through the curriculum: which published courses and lessons teach
each competency, and how far a role's requirements are covered. Trees built in memory from one
query."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import get_language

from competencies import api as competencies
from competencies.api import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    RoleRequirement,
    TargetRole,
)
from core.language_tags import language_match
from courses.achievements import family_id
from courses.models import Course, CourseCompetency, CourseStatus, Lesson


@dataclass
class Node:
    competency: Competency
    children: list["Node"] = field(default_factory=list)
    teaching: list[CourseCompetency] = field(default_factory=list)  # published courses


def framework_tree(framework: CompetencyFramework) -> list[Node]:
    """The framework's competencies as a tree, with the published courses teaching each.

    Two queries whatever the size of the framework.
    """
    nodes = {c.pk: Node(c) for c in framework.competencies.order_by("tree_path")}
    targets = (
        CourseCompetency.objects.filter(
            competency__framework=framework, course__status=CourseStatus.PUBLISHED
        )
        .select_related("course", "level")
        .order_by("course__title")
    )
    for target in targets:
        nodes[target.competency_id].teaching.append(target)
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.competency.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


@dataclass
class CompetencyPage:
    competency: Competency
    ancestors: list[Competency]
    children: list[Competency]
    teaching: list[CourseCompetency]
    lessons: list[Lesson]
    roles: list[RoleRequirement]


def competency_page(competency: Competency) -> CompetencyPage:
    return CompetencyPage(
        competency=competency,
        ancestors=competencies.competency_ancestors(competency),
        children=list(competency.children.order_by("tree_path")),
        teaching=list(
            competency.course_targets.filter(course__status=CourseStatus.PUBLISHED)
            .select_related("course", "level")
            .order_by("course__title")
        ),
        lessons=list(
            Lesson.objects.filter(
                competency=competency, module__course__status=CourseStatus.PUBLISHED
            )
            .select_related("module__course")
            .order_by("module__course__title", "module__order", "order")
        ),
        roles=competencies.roles_requiring(competency),
    )


def course_competencies(course: Course) -> list[CourseCompetency]:
    return list(
        course.competency_targets.filter(competency__framework__status=FrameworkStatus.PUBLISHED)
        .select_related("competency__framework", "level")
        .order_by("competency__tree_path")
    )


@dataclass
class RequirementCoverage:
    requirement: RoleRequirement
    # Published courses teaching it up to the required level, one per course family (the
    # viewer's language version when there is one, else the original).
    courses: list[CourseCompetency]
    # Of those, the families the learner achieved in any language version.
    achieved: list[CourseCompetency] = field(default_factory=list)


def _family_key(target: CourseCompetency, language: str) -> tuple[int, bool]:
    """Lower is better: the viewer's language, then the same base language, then the original."""
    course = target.course
    return (-language_match(course.language, language), course.language_version_of_id is not None)


def role_coverage(
    role: TargetRole, *, achieved: Collection[int] = (), language: str | None = None
) -> list[RequirementCoverage]:
    """Each requirement of a role with the course families that teach it to at least the
    required level, and those of them the learner achieved (`achieved`: family ids from
    `achievements.achieved_families`). Two queries."""
    language = language or get_language()
    requirements = list(
        role.requirements.select_related("competency__framework", "level").order_by(
            "competency__tree_path"
        )
    )
    targets = (
        CourseCompetency.objects.filter(
            competency__in=[r.competency_id for r in requirements],
            course__status=CourseStatus.PUBLISHED,
        )
        .select_related("course", "level")
        .order_by("course__title")
    )
    by_competency: dict[int, list[CourseCompetency]] = {}
    for target in targets:
        by_competency.setdefault(target.competency_id, []).append(target)
    coverage = []
    for requirement in requirements:
        families: dict[int, CourseCompetency] = {}
        for target in by_competency.get(requirement.competency_id, []):
            if target.level.rank < requirement.level.rank:
                continue
            family = family_id(target.course)
            shown = families.get(family)
            if shown is None or _family_key(target, language) < _family_key(shown, language):
                families[family] = target
        teaching = sorted(families.values(), key=lambda target: target.course.title)
        coverage.append(
            RequirementCoverage(
                requirement,
                teaching,
                [target for target in teaching if family_id(target.course) in achieved],
            )
        )
    return coverage
