"""The learner's competency map (their stored levels over each framework, with their goal's
requirements overlaid and the courses that close their gaps) and an instructor's view of a
course's coverage.

A competency is in one of four states for a learner: not attempted (no graded evidence), attempted
(graded evidence, no level above the scale's lowest met), a level reached, or the goal's target
met. Both reads take a fixed number of queries whatever the size of the framework or the course.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from assessments.models import CompetencyLevel
from competencies import api as competencies
from competencies.api import Competency, ProficiencyLevel
from courses import api as courses
from courses.api import Course

NOT_ATTEMPTED, ATTEMPTED, LEVEL, TARGET_MET = "not_attempted", "attempted", "level", "target_met"
STATES = (NOT_ATTEMPTED, ATTEMPTED, LEVEL, TARGET_MET)
NEXT_COURSES = 10  # suggested at most


@dataclass
class Cell:
    competency: Competency
    depth: int
    level: ProficiencyLevel | None  # the level reached, above the scale's lowest rank
    required: ProficiencyLevel | None = None
    teaching: list = field(default_factory=list)  # courses to take for it (family not achieved)
    attempted: bool = False  # graded evidence exists

    @property
    def state(self) -> str:
        if self.required is not None and self.status == "met":
            return TARGET_MET
        if self.level is not None:
            return LEVEL
        return ATTEMPTED if self.attempted else NOT_ATTEMPTED

    @property
    def status(self) -> str | None:
        """met / partly / gap against the goal; None when the goal does not require it."""
        if self.required is None:
            return None
        if self.level is not None and self.level.rank >= self.required.rank:
            return "met"
        if self.level is not None:
            return "partly"
        return "gap"


@dataclass
class Area:
    competency: Competency
    cells: list[Cell]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(cell.state for cell in self.cells)
        return {state: counted[state] for state in STATES}

    @property
    def gaps(self) -> int:
        return sum(1 for cell in self.cells if cell.status in {"gap", "partly"})


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

    @property
    def required(self) -> list[Cell]:
        return [cell for area in self.areas for cell in area.cells if cell.required is not None]

    @property
    def first_level(self) -> ProficiencyLevel | None:
        """The first level above the scale's lowest: what "not yet at a level" falls short of."""
        return next((level for level in self.levels if level.rank > 0), None)

    @cached_property
    def tried_label(self) -> str:
        """How a competency tried with no level reads (HTML, the level isolated), worked out
        once for all its cells."""
        first = self.first_level
        if first is None:
            return gettext("Tried, no level yet")
        return mark_safe(  # noqa: S308 - a translation, with the escaped name in a <bdi>
            gettext("Tried, not yet %(level)s")
            % {"level": format_html("<bdi>{}</bdi>", first.name)}
        )


@dataclass
class Suggestion:
    """A course to take next and the goal's gaps it teaches."""

    course: Course
    gaps: list[Cell]


@dataclass
class LearnerMap:
    frameworks: list[FrameworkMap]
    goal: object
    next_courses: list[Suggestion]

    @property
    def gaps(self) -> list[Cell]:
        return [cell for framework_map in self.frameworks for cell in framework_map.gaps]

    @property
    def required(self) -> int:
        return sum(len(framework_map.required) for framework_map in self.frameworks)

    @property
    def met(self) -> int:
        return self.required - len(self.gaps)


def learner_map(*, user) -> LearnerMap:
    """Every published framework as areas of competencies in the learner's state, their goal, and
    the courses that close the goal's gaps — one per course family, none the learner already
    achieved in any language version.

    Reads the learner's stored levels and the stored roll-up of the courses teaching each of the
    goal's competencies, never the catalog: a fixed number of queries, and work in proportion
    to the competencies shown, whatever the number of courses."""
    evidence = {
        row.competency_id: row.level
        for row in CompetencyLevel.objects.filter(user=user).select_related("level")
    }
    goal = competencies.learner_goal(user)
    required = {}
    if goal is not None:
        done = courses.achieved_families(user=user)
        # The first families teaching each requirement (the learner's language first), none
        # already achieved.
        for item in courses.role_coverage(
            goal, achieved=done, language=user.language, without_achieved=True
        ):
            teaching = [taught.course for taught in item.courses]
            required[item.requirement.competency_id] = (item.requirement.level, teaching)
    frameworks = list(competencies.published_frameworks().prefetch_related("levels"))
    in_tree: dict[int, list[Competency]] = {}
    for competency in competencies.competencies_in_tree_order([f.pk for f in frameworks]):
        in_tree.setdefault(competency.framework_id, []).append(competency)
    maps = []
    for framework in frameworks:
        areas = []
        for competency in in_tree.get(framework.pk, []):
            if competency.parent_id is None:
                areas.append(Area(competency, []))
                continue
            pk = competency.pk
            level_needed, teaching = required.get(pk, (None, []))
            level = evidence.get(pk)
            areas[-1].cells.append(
                Cell(
                    competency,
                    competency.depth,
                    level if level is not None and level.rank > 0 else None,
                    level_needed,
                    teaching,
                    attempted=pk in evidence,
                )
            )
        maps.append(FrameworkMap(framework, list(framework.levels.all()), areas))
    return LearnerMap(maps, goal, _next_courses(maps))


def _next_courses(maps: list[FrameworkMap]) -> list[Suggestion]:
    """Courses closing the most gaps first (of those shown for each gap), at most
    NEXT_COURSES."""
    by_course: dict[int, Suggestion] = {}
    for framework_map in maps:
        for cell in framework_map.gaps:
            for course in cell.teaching:
                by_course.setdefault(course.pk, Suggestion(course, [])).gaps.append(cell)
    return sorted(by_course.values(), key=lambda s: (-len(s.gaps), s.course.title))[:NEXT_COURSES]


# Coverage --------------------------------------------------------------------------------------


@dataclass
class CoverageCell:
    level: ProficiencyLevel
    learners: int  # at exactly this level
    share: float  # of the row's learners, from 0 to 1
    is_target: bool

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class CoverageRow:
    competency: Competency
    target: ProficiencyLevel
    cells: list[CoverageCell]
    learners: int

    @property
    def at_target(self) -> int:
        """Learners at the course's target level or above."""
        return sum(cell.learners for cell in self.cells if cell.level.rank >= self.target.rank)


@dataclass
class CoverageTable:
    framework: object
    levels: list[ProficiencyLevel]
    rows: list[CoverageRow]


def course_coverage(*, course: Course, country: str = "") -> tuple[list[CoverageTable], int]:
    """For each competency the course teaches, how many enrolled learners (optionally only those
    from one country) stand at each level of its scale, and the number of learners. Each learner
    is counted once per competency: one with no evidence, or evidence below every level, at the
    lowest level, so every row adds up to the number of learners. One table per framework (each
    has its own scale). Four queries."""
    targets = courses.course_competencies(course)
    enrolled = course.enrollments.all()
    if country:
        enrolled = enrolled.filter(user__country=country)
    learners = enrolled.count()
    counts = Counter(
        CompetencyLevel.objects.filter(
            user__in=enrolled.values("user_id"),
            competency__in=[t.competency_id for t in targets],
            level__isnull=False,
        ).values_list("competency_id", "level_id")
    )
    scales: dict[int, list[ProficiencyLevel]] = {}
    for level in ProficiencyLevel.objects.filter(
        framework__in={t.competency.framework_id for t in targets}
    ).order_by("rank"):
        scales.setdefault(level.framework_id, []).append(level)
    tables: dict[int, CoverageTable] = {}
    for target in targets:
        framework = target.competency.framework
        scale = scales.get(framework.pk, [])
        rows = tables.setdefault(framework.pk, CoverageTable(framework, scale, [])).rows
        at = {level.pk: counts[(target.competency_id, level.pk)] for level in scale[1:]}
        if scale:
            at[scale[0].pk] = learners - sum(at.values())  # no evidence = the lowest level
        rows.append(
            CoverageRow(
                target.competency,
                target.level,
                [
                    CoverageCell(
                        level,
                        at[level.pk],
                        at[level.pk] / learners if learners else 0.0,
                        level.pk == target.level_id,
                    )
                    for level in scale
                ],
                learners,
            )
        )
    return list(tables.values()), learners


def enrolled_countries(course: Course) -> list[str]:
    return sorted(
        code
        for code in course.enrollments.values_list("user__country", flat=True).distinct()
        if code
    )
