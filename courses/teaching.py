"""Which published courses teach a competency, as a stored roll-up (`CompetencyTeaching`).

Pages show the first few course families teaching a competency and how many there are; reading
the catalog for that costs in proportion to the catalog. The roll-up is refreshed here, in the
transaction of each write that can change it (a course saved or deleted, a target saved or
deleted, a level's rank changed: see `courses.apps`), and read in one query for any number of
competencies: what a page reads depends on what it shows, never on the number of courses.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from competencies.api import Competency, ProficiencyLevel
from core.language_tags import language_match
from courses.achievements import family_id
from courses.models import CompetencyTeaching, Course, CourseCompetency, CourseStatus

# Families kept per competency and rank: pages show at most this many.
KEPT = 5
# What a page lists per competency before "N courses teach this — see all".
SHOWN = 3
_REBUILD_BATCH = 500


# Writing ---------------------------------------------------------------------------------------


def _rollup(targets: list[tuple[int, int, str, int]]) -> dict[str, list]:
    """`targets`: (course id, family id, title, rank) of the published courses teaching one
    competency. For each rank present: the number of families teaching to at least it and the
    versions of the first `KEPT` families by title."""
    by_rank = {}
    for threshold in sorted({rank for *_, rank in targets}):
        families: dict[int, list[tuple[int, int, str]]] = {}
        for course_id, family, title, rank in targets:
            if rank >= threshold:
                families.setdefault(family, []).append((course_id, rank, title))
        first = sorted(
            families.items(), key=lambda item: (min(title for *_, title in item[1]), item[0])
        )[:KEPT]
        by_rank[str(threshold)] = [
            len(families),
            [[course_id, rank] for _family, versions in first for course_id, rank, _ in versions],
        ]
    return by_rank


def teaching_refresh(competency_ids: Iterable[int]) -> None:
    """Recompute the roll-up of these competencies: a lock on them, one read of their published
    targets, one write. Called in the transaction of the change."""
    ids = {pk for pk in competency_ids if pk is not None}
    if not ids:
        return
    # Two writers refreshing one competency take turns, so the second reads the first's
    # committed targets instead of overwriting them with a read that missed them.
    list(Competency.objects.filter(pk__in=ids).order_by("pk").select_for_update().values("pk"))
    targets: dict[int, list[tuple[int, int, str, int]]] = {pk: [] for pk in ids}
    for competency_id, course_id, original_id, title, rank in CourseCompetency.objects.filter(
        competency__in=ids, course__status=CourseStatus.PUBLISHED
    ).values_list(
        "competency_id",
        "course_id",
        "course__language_version_of_id",
        "course__title",
        "level__rank",
    ):
        targets[competency_id].append((course_id, original_id or course_id, title, rank))
    CompetencyTeaching.objects.bulk_create(
        [
            CompetencyTeaching(competency_id=pk, by_rank=_rollup(rows))
            for pk, rows in targets.items()
        ],
        update_conflicts=True,
        unique_fields=["competency"],
        update_fields=["by_rank"],
    )


def teaching_rebuild() -> None:
    """Recompute the whole roll-up (after data written around the services, e.g. generated in
    bulk): `manage.py teaching_rebuild`."""
    ids = list(Competency.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), _REBUILD_BATCH):
        teaching_refresh(ids[start : start + _REBUILD_BATCH])


def on_target_saved(sender, instance: CourseCompetency, **kwargs) -> None:
    teaching_refresh({instance.competency_id, getattr(instance, "_competency_before", None)})


def on_target_changing(sender, instance: CourseCompetency, raw=False, **kwargs) -> None:
    """Remember the competency a target is moved away from, to refresh it too."""
    if instance.pk and not raw:
        instance._competency_before = (
            CourseCompetency.objects.filter(pk=instance.pk)
            .values_list("competency_id", flat=True)
            .first()
        )


def on_target_deleted(sender, instance: CourseCompetency, **kwargs) -> None:
    teaching_refresh({instance.competency_id})


def on_course_changed(sender, instance: Course, raw=False, **kwargs) -> None:
    """Its status, title or original may have changed: refresh what it teaches."""
    if not raw:
        teaching_refresh(
            CourseCompetency.objects.filter(course=instance).values_list("competency_id", flat=True)
        )


def on_level_saved(sender, instance, raw=False, **kwargs) -> None:
    """A level's rank may have changed: refresh the competencies taught to it."""
    if not raw:
        teaching_refresh(
            CourseCompetency.objects.filter(level=instance).values_list("competency_id", flat=True)
        )


# Reading ---------------------------------------------------------------------------------------


@dataclass
class TaughtCourse:
    course: Course  # the version shown: the viewer's language when there is one
    rank: int  # the level it teaches to
    level: ProficiencyLevel | None = None  # that level, where the page names it


@dataclass
class Teaching:
    """The first families teaching a competency to a level, and how many there are."""

    courses: list[TaughtCourse]
    total: int
    competency: Competency | None = None

    @property
    def more(self) -> int:
        return self.total - len(self.courses)


def stored(competency: Competency) -> dict:
    """The roll-up of a competency loaded with `select_related("teaching_rollup")` (or read
    now), empty when none is stored."""
    try:
        return competency.teaching_rollup.by_rank
    except CompetencyTeaching.DoesNotExist:
        return {}


def _at_rank(by_rank: dict, rank: int) -> tuple[int, list]:
    """Families teaching to at least `rank`: those of the lowest stored rank at or above it."""
    found = [int(key) for key in by_rank if int(key) >= rank]
    return tuple(by_rank[str(min(found))]) if found else (0, [])


def teaching_of(
    wanted: list[tuple[Competency, int]],
    *,
    language: str,
    shown: int = SHOWN,
    without: Collection[int] = (),
) -> list[Teaching]:
    """For each (competency, minimum rank) in `wanted`, its first `shown` families (leaving out
    the families in `without`), each as the version in `language` when there is one, by title,
    and the number of families. One query (the courses shown), given competencies loaded with
    their roll-up."""
    picked = []
    for competency, rank in wanted:
        total, versions = _at_rank(stored(competency), rank)
        picked.append((competency, total, versions))
    ids = {course_id for *_, versions in picked for course_id, _rank in versions}
    courses = (
        {
            course.pk: course
            for course in Course.objects.filter(pk__in=ids).only(
                "id", "slug", "title", "language", "language_version_of_id"
            )
        }
        if ids
        else {}
    )
    found = []
    for competency, total, versions in picked:
        families: dict[int, TaughtCourse] = {}
        left_out = set()
        for course_id, rank in versions:
            course = courses.get(course_id)
            if course is None:
                continue
            family = family_id(course)
            if family in without:
                left_out.add(family)
                continue
            best = families.get(family)
            if best is None or _preferred(course, best.course, language):
                families[family] = TaughtCourse(course, rank)
        first = list(families.values())[:shown]
        first.sort(key=lambda taught: taught.course.title)
        found.append(Teaching(first, total - len(left_out), competency))
    return found


def _preferred(course: Course, other: Course, language: str) -> bool:
    """Is `course` a better version to show than `other`: the viewer's language, then the same
    base language, then the original."""

    def key(version: Course) -> tuple[int, bool]:
        return (
            -language_match(version.language, language),
            version.language_version_of_id is not None,
        )

    return key(course) < key(other)
