"""Course families and what counts as achieving one.

A course and its language versions are one course family (the original's id is the family's id):
completing or passing any version, or holding its certificate, achieves the family. Courses knows
completion; the apps above add what they know (a passing grade, a certificate) by registering a
provider in their `AppConfig.ready()` — courses never imports them.

Registries of the same kind add per-enrolment facts (grade, attempts, certificate) to the pages
and API of courses, one query per provider whatever the number of enrolments.
"""

from collections.abc import Callable, Iterable

from django.db.models import F
from django.db.models.functions import Coalesce

from courses.models import Course, Enrollment, EnrollmentStatus

# provider(user) -> ids of the families the user achieved by that provider's rule.
AchievementProvider = Callable[..., set[int]]
# provider(enrollments) -> {enrollment id: fact}; one query for any number of enrolments.
FactProvider = Callable[[list[Enrollment]], dict[int, object]]

_achievements: dict[str, AchievementProvider] = {}
_facts: dict[str, FactProvider] = {}


def register_achievement(name: str, provider: AchievementProvider) -> None:
    """`provider(*, user)` returns the ids of course families the learner achieved."""
    _achievements[name] = provider


def register_enrollment_fact(name: str, provider: FactProvider) -> None:
    """`provider(enrollments)` returns `{enrollment id: fact}`; the fact appears under `name`."""
    _facts[name] = provider


def family_id(course: Course) -> int:
    return course.language_version_of_id or course.pk


def family_of(course_path: str = "course") -> Coalesce:
    """A query expression: the family id of the course at `course_path` (e.g. "course" from an
    enrolment or a certificate, "enrollment__course" from a course grade)."""
    return Coalesce(F(f"{course_path}__language_version_of_id"), F(f"{course_path}_id"))


def achieved_families(*, user) -> set[int]:
    """Families the learner completed (any version), plus those the registered providers add."""
    if not user.is_authenticated:
        return set()
    done = set(
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.COMPLETED)
        .annotate(family=family_of())
        .values_list("family", flat=True)
    )
    for provider in _achievements.values():
        done |= provider(user=user)
    return done


def missing_prerequisites(*, user, course: Course) -> list[Course]:
    """The prerequisites of `course` whose family the learner has not achieved in any version."""
    required = list(course.prerequisites.all())
    if not required:
        return []
    done = achieved_families(user=user)
    return [course for course in required if family_id(course) not in done]


def enrollment_facts(enrollments: Iterable[Enrollment]) -> dict[int, dict[str, object]]:
    """`{enrollment id: {fact name: fact}}` from every registered provider."""
    enrollments = list(enrollments)
    facts: dict[int, dict[str, object]] = {enrollment.pk: {} for enrollment in enrollments}
    if not enrollments:
        return facts
    for name, provider in _facts.items():
        for enrollment_id, fact in provider(enrollments).items():
            facts[enrollment_id][name] = fact
    return facts
