"""The learner's competency map (their stored levels over each framework, with their goal's
requirements overlaid) and an instructor's view of a course's coverage."""

from collections import Counter
from dataclasses import dataclass, field

from assessments.models import CompetencyLevel
from competencies import api as competencies
from competencies.api import Competency, ProficiencyLevel
from courses import api as courses
from courses.api import Course


@dataclass
class Cell:
    competency: Competency
    depth: int
    level: ProficiencyLevel | None
    required: ProficiencyLevel | None = None
    teaching: list = field(default_factory=list)  # courses teaching it to the required level

    @property
    def status(self) -> str | None:
        """met / partly / gap against the goal; None when the goal does not require it."""
        if self.required is None:
            return None
        if self.level is not None and self.level.rank >= self.required.rank:
            return "met"
        if self.level is not None and self.level.rank > 0:
            return "partly"
        return "gap"


@dataclass
class Area:
    competency: Competency
    cells: list[Cell]


@dataclass
class FrameworkMap:
    framework: object
    levels: list[ProficiencyLevel]
    areas: list[Area]

    @property
    def gaps(self) -> list[Cell]:
        return [
            cell for area in self.areas for cell in area.cells if cell.status in {"gap", "partly"}
        ]


def learner_map(*, user) -> tuple[list[FrameworkMap], object]:
    """Every published framework as areas by competencies with the learner's level, and their goal.

    A fixed number of queries per framework, whatever its size."""
    achieved = {
        row.competency_id: row.level
        for row in CompetencyLevel.objects.filter(user=user).select_related("level")
    }
    goal = competencies.learner_goal(user)
    required = {}
    if goal is not None:
        for item in courses.role_coverage(goal):
            required[item.requirement.competency_id] = (item.requirement.level, item.courses)
    maps = []
    for framework in competencies.published_frameworks().prefetch_related("levels"):
        areas = []
        for root in courses.framework_tree(framework):
            cells = []
            pending = [(child, 1) for child in reversed(root.children)]
            while pending:
                node, depth = pending.pop()
                level_needed, teaching = required.get(node.competency.pk, (None, []))
                cells.append(
                    Cell(
                        node.competency,
                        depth,
                        achieved.get(node.competency.pk),
                        level_needed,
                        teaching,
                    )
                )
                pending.extend((child, depth + 1) for child in reversed(node.children))
            areas.append(Area(root.competency, cells))
        maps.append(FrameworkMap(framework, list(framework.levels.all()), areas))
    return maps, goal


@dataclass
class CoverageRow:
    competency: Competency
    target: ProficiencyLevel
    reached: list[tuple[ProficiencyLevel, int]]  # per level: learners at it or above
    learners: int


def course_coverage(*, course: Course, country: str = "") -> list[CoverageRow]:
    """For each competency the course teaches: how many of its enrolled learners reached each
    level, that is are at it or above (optionally only learners from one country). Four queries."""
    targets = courses.course_competencies(course)
    enrolled = course.enrollments.all()
    if country:
        enrolled = enrolled.filter(user__country=country)
    learner_ids = list(enrolled.values_list("user_id", flat=True))
    counts = Counter(
        CompetencyLevel.objects.filter(
            user__in=learner_ids, competency__in=[t.competency_id for t in targets]
        ).values_list("competency_id", "level_id")
    )
    scales = {}
    for level in ProficiencyLevel.objects.filter(
        framework__in={t.competency.framework_id for t in targets}
    ).order_by("rank"):
        scales.setdefault(level.framework_id, []).append(level)
    return [
        CoverageRow(
            target.competency,
            target.level,
            _at_or_above(
                target.competency_id, scales.get(target.competency.framework_id, []), counts
            ),
            len(learner_ids),
        )
        for target in targets
    ]


def _at_or_above(competency_id, scale: list[ProficiencyLevel], counts: Counter):
    reached, running = [], 0
    for level in reversed(scale):
        running += counts[(competency_id, level.pk)]
        reached.append((level, running))
    return list(reversed(reached))


def enrolled_countries(course: Course) -> list[str]:
    return sorted(
        code
        for code in course.enrollments.values_list("user__country", flat=True).distinct()
        if code
    )
