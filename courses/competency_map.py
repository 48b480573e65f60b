"""Reads of competency frameworks for pages and the API: trees built in memory from one query."""

from dataclasses import dataclass, field

from courses.models import (
    Competency,
    CompetencyFramework,
    Course,
    CourseCompetency,
    CourseStatus,
    FrameworkStatus,
    LearnerGoal,
    Lesson,
    RoleRequirement,
    TargetRole,
)


@dataclass
class Node:
    competency: Competency
    children: list["Node"] = field(default_factory=list)
    teaching: list[CourseCompetency] = field(default_factory=list)  # published courses


def published_frameworks():
    return CompetencyFramework.objects.filter(status=FrameworkStatus.PUBLISHED)


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


def descendant_ids(competency: Competency) -> set[int]:
    """The competency and everything below it (one query)."""
    rows = Competency.objects.filter(
        framework_id=competency.framework_id, tree_path__startswith=competency.tree_path
    ).values_list("pk", flat=True)
    return set(rows)


@dataclass
class CompetencyPage:
    competency: Competency
    ancestors: list[Competency]
    children: list[Competency]
    teaching: list[CourseCompetency]
    lessons: list[Lesson]
    roles: list[RoleRequirement]


def competency_page(competency: Competency) -> CompetencyPage:
    framework_competencies = {
        c.pk: c
        for c in Competency.objects.filter(framework_id=competency.framework_id).only(
            "id", "parent", "code", "title"
        )
    }
    ancestors = []
    parent_id = competency.parent_id
    while parent_id is not None:
        ancestor = framework_competencies[parent_id]
        ancestors.insert(0, ancestor)
        parent_id = ancestor.parent_id
    return CompetencyPage(
        competency=competency,
        ancestors=ancestors,
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
        roles=list(
            RoleRequirement.objects.filter(competency=competency).select_related("role", "level")
        ),
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
    courses: list[CourseCompetency]  # published courses teaching it up to the required level


def role_coverage(role: TargetRole) -> list[RequirementCoverage]:
    """Each requirement of a role with the courses that teach it to at least the required level
    (two queries)."""
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
    return [
        RequirementCoverage(
            requirement,
            [
                target
                for target in by_competency.get(requirement.competency_id, [])
                if target.level.rank >= requirement.level.rank
            ],
        )
        for requirement in requirements
    ]


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


def competency_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Catalog filter choices: per published framework, its areas and competencies (one query)."""
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
