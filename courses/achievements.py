"""Course families and what counts as achieving one.

A course and its language versions are one course family (the original's id is the family's id):
completing or passing any version, or holding its certificate, achieves the family. Courses knows
completion; the apps above add what they know (a passing grade, a certificate) by registering a
provider in their `AppConfig.ready()` — courses never imports them.

Registries of the same kind add per-enrolment facts (grade, attempts, certificate) to the pages
and API of courses, one query per provider whatever the number of enrolments.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


@dataclass
class Result:
    """What a learner has to show for one enrolment.

    Each language version keeps its own progress, attempts and grade; the achievement (completed,
    passed or certified) belongs to the family, so a certificate earned in the Spanish version
    shows on the English enrolment too.
    """

    grade: object | None = None  # this version's stored course grade (percent, passed)
    certificate: object | None = None  # the family's certificate, a valid one first
    achieved: bool = False  # the family is completed, passed or certified in any version
    earned_in: Course | None = None  # the version that achieved it, when one of these shows it

    @property
    def certified(self) -> bool:
        return self.certificate is not None and self.certificate.is_valid


def _achieved_here(enrollment: Enrollment, facts: dict[str, object]) -> bool:
    grade = facts.get("grade")
    certificate = facts.get("certificate")
    return (
        enrollment.status == EnrollmentStatus.COMPLETED
        or bool(grade is not None and grade.passed)
        or bool(
            certificate is not None
            and certificate.is_valid
            and certificate.course_id == enrollment.course_id
        )
    )


def enrollment_results(
    enrollments: Iterable[Enrollment], *, user, achieved: set[int] | None = None
) -> dict[int, Result]:
    """`{enrollment id: Result}` for a learner's enrolments (loaded with their courses).

    One query per fact provider, plus `achieved_families` unless `achieved` gives its answer,
    whatever the number of enrolments.
    Where a family was earned: this enrolment when it did, else the certificate's version, else
    another of these enrolments that completed or passed.
    """
    enrollments = list(enrollments)
    if not enrollments:
        return {}
    facts = enrollment_facts(enrollments)
    done = achieved_families(user=user) if achieved is None else achieved
    earned: dict[int, Course] = {}
    for enrollment in enrollments:
        if _achieved_here(enrollment, facts[enrollment.pk]):
            earned.setdefault(family_id(enrollment.course), enrollment.course)
    results = {}
    for enrollment in enrollments:
        fact = facts[enrollment.pk]
        family = family_id(enrollment.course)
        certificate = fact.get("certificate")
        if _achieved_here(enrollment, fact):
            where = enrollment.course
        elif certificate is not None and certificate.is_valid:
            where = certificate.course
        else:
            where = earned.get(family)
        results[enrollment.pk] = Result(
            grade=fact.get("grade"),
            certificate=certificate,
            achieved=family in done,
            earned_in=where if family in done else None,
        )
    return results
