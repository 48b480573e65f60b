"""The talent standards seen through the curriculum: which published courses and lessons teach
each competency, and how far a role's requirements are covered. What teaches a competency comes
from the stored roll-up (`courses.teaching`): each read costs what the page shows, whatever the
size of the catalog."""

from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import get_language

from competencies import api as competencies
from competencies.api import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
)
from courses import teaching as taught
from courses.achievements import family_id
from courses.models import Course, CourseCompetency, CourseStatus, Lesson
from courses.teaching import TaughtCourse, Teaching

# Lessons a competency's page lists (then a link to the catalog filtered by the competency).
LESSONS_SHOWN = 10


def framework_teaching(
    framework: CompetencyFramework,
    *,
    language: str | None = None,
    shown: int = taught.SHOWN,
    also: tuple[str, ...] = (),
) -> list[Teaching]:
    """Each competency of the framework in tree order (a parent before its children; with the
    fields in `also` besides those a tree shows), with the first `shown` course families
    teaching it (in the viewer's language when they have a version in it) and their number.
    Two queries whatever the size of the framework or the catalog."""
    in_tree = competencies.competencies_in_tree_order(
        [framework.pk], also=(*also, "teaching_rollup__by_rank")
    )
    return taught.teaching_of(
        [(competency, 0) for competency in in_tree.select_related("teaching_rollup")],
        language=language or get_language(),
        shown=shown,
    )


def _name_levels(items: list[Teaching], levels: list[ProficiencyLevel]) -> None:
    named = {level.rank: level for level in levels}
    for item in items:
        for course in item.courses:
            course.level = named.get(course.rank)


@dataclass
class TreeRow:
    """A competency of the framework page's tree, flat: the template opens a list below a row
    with children and closes `closes` lists after a last child (no recursive include)."""

    teaching: Teaching
    depth: int
    has_children: bool
    closes: range

    @property
    def competency(self) -> Competency:
        return self.teaching.competency


def framework_rows(
    framework: CompetencyFramework, levels: list[ProficiencyLevel], *, language: str | None = None
) -> list[TreeRow]:
    items = framework_teaching(framework, language=language)
    _name_levels(items, levels)
    depths = [item.competency.depth for item in items]
    rows = []
    for index, item in enumerate(items):
        depth = depths[index]
        following = depths[index + 1] if index + 1 < len(items) else 0
        rows.append(TreeRow(item, depth, following > depth, range(max(depth - following, 0))))
    return rows


@dataclass
class CompetencyPage:
    competency: Competency
    ancestors: list[Competency]
    children: list[Competency]
    teaching: Teaching
    lessons: list[Lesson]  # at most LESSONS_SHOWN
    more_lessons: bool
    roles: list[RoleRequirement]


def competency_page(
    competency: Competency, levels: list[ProficiencyLevel], *, language: str | None = None
) -> CompetencyPage:
    """`competency` loaded with its roll-up (`select_related("teaching_rollup")`), `levels` its
    framework's."""
    teaching = taught.teaching_of([(competency, 0)], language=language or get_language())
    _name_levels(teaching, levels)
    lessons = list(
        Lesson.objects.filter(competency=competency, module__course__status=CourseStatus.PUBLISHED)
        .select_related("module__course")
        .only(
            "id",
            "title",
            "module__id",
            "module__course__id",
            "module__course__slug",
            "module__course__title",
            "module__course__language",
        )
        .order_by("module__course__title", "module__order", "order")[: LESSONS_SHOWN + 1]
    )
    return CompetencyPage(
        competency=competency,
        ancestors=competencies.competency_ancestors(competency),
        children=list(
            competency.children.order_by("tree_path").only("id", "uuid", "code", "title")
        ),
        teaching=teaching[0],
        lessons=lessons[:LESSONS_SHOWN],
        more_lessons=len(lessons) > LESSONS_SHOWN,
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
    # The first published course families teaching it up to the required level (the viewer's
    # language version when there is one), and how many there are.
    teaching: Teaching
    # Of those shown, the families the learner achieved in any language version.
    achieved: list[TaughtCourse]

    @property
    def courses(self) -> list[TaughtCourse]:
        return self.teaching.courses


def role_coverage(
    role: TargetRole,
    *,
    achieved: Collection[int] = (),
    language: str | None = None,
    without_achieved: bool = False,
    shown: int = taught.SHOWN,
) -> list[RequirementCoverage]:
    """Each requirement of a role with the first `shown` course families that teach it to at
    least the required level, and those of them the learner achieved (`achieved`: family ids
    from `achievements.achieved_families`; left out when `without_achieved`). Two queries
    whatever the size of the catalog."""
    requirements = list(
        role.requirements.select_related(
            "competency__framework", "competency__teaching_rollup", "level"
        ).order_by("competency__tree_path")
    )
    found = taught.teaching_of(
        [(requirement.competency, requirement.level.rank) for requirement in requirements],
        language=language or get_language(),
        shown=shown,
        without=achieved if without_achieved else (),
    )
    return [
        RequirementCoverage(
            requirement,
            teaching,
            [item for item in teaching.courses if family_id(item.course) in achieved],
        )
        for requirement, teaching in zip(requirements, found, strict=True)
    ]
