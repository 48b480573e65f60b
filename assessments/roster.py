"""An instructor's table of a course's learners: country, language version, progress, last
activity, course grade, attempts and certificate.

Fixed query count, whatever the number of learners: one query for the enrolments with their
progress and attempts (correlated subqueries), one per enrolment-fact provider (grade,
certificate). Filters on facts other apps own (passed, certified) and every sort run in Python
over those rows, so the page and its CSV agree row for row.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt
from core import collation
from courses import api as courses
from courses.api import Course, EnrollmentStatus

STATUS_FILTERS = {
    **{value: label for value, label in EnrollmentStatus.choices},
    "passed": _("Passed"),
    "not_passed": _("Not passed yet"),
    "certified": _("Certified"),
}


@dataclass
class LearnerRow:
    enrollment: object
    lessons_done: int
    lessons_total: int
    last_activity: datetime | None
    grade: object | None  # CourseGrade
    attempts: int
    certificate: object | None  # Certificate, for this course family

    @property
    def user(self):
        return self.enrollment.user

    @property
    def version(self) -> Course:
        return self.enrollment.course

    @property
    def progress(self) -> int:
        """Lessons completed, in percent of the version's lessons."""
        if not self.lessons_total:
            return 0
        return min(100, round(self.lessons_done * 100 / self.lessons_total))

    @property
    def certified(self) -> bool:
        return self.certificate is not None and self.certificate.is_valid


def _name(row: LearnerRow) -> str:
    return (row.user.full_name or row.user.email).casefold()


_EARLIEST = datetime.min
_NO_GRADE = Decimal(-1)
SORTS = {
    "name": _name,
    # No country sorts last; names in the reader's collation order (core.collation).
    "country": lambda row: (
        (0, collation.sort_key()(str(row.user.country.name))) if row.user.country else (1, b""),
        _name(row),
    ),
    "version": lambda row: (row.version.language, _name(row)),
    "progress": lambda row: (row.progress, _name(row)),
    "activity": lambda row: (
        row.last_activity.replace(tzinfo=None) if row.last_activity else _EARLIEST,
        _name(row),
    ),
    "grade": lambda row: (row.grade.percent if row.grade else _NO_GRADE, _name(row)),
    "attempts": lambda row: (row.attempts, _name(row)),
    "certificate": lambda row: (
        (2 if row.certified else 1) if row.certificate else 0,
        _name(row),
    ),
}
DEFAULT_SORT = "name"


def sort_key(sort: str) -> str:
    """The whitelisted sort, `-` first for descending; anything else is the default."""
    return sort if sort.removeprefix("-") in SORTS else DEFAULT_SORT


def course_learners(
    *, course: Course, viewer, country: str = "", status: str = "", sort: str = DEFAULT_SORT
) -> list[LearnerRow]:
    """Every learner enrolled in a version of `course`'s family that `viewer` teaches."""
    enrollments = list(
        courses.family_enrollments(
            course=course, viewer=viewer, country=country, status=status
        ).annotate(
            attempts=_attempts(Count("pk")),
            # An attempt's latest event: submitted, else started.
            last_attempt=Subquery(
                _attempts_of_enrolment()
                .annotate(last=Max(Coalesce("submitted_at", "started_at")))
                .values("last")
            ),
        )
    )
    facts = courses.enrollment_facts(enrollments)
    rows = [
        LearnerRow(
            enrollment=enrollment,
            lessons_done=enrollment.lessons_done,
            lessons_total=enrollment.lessons_total,
            last_activity=max(
                (t for t in (enrollment.last_studied, enrollment.last_attempt) if t), default=None
            ),
            grade=facts[enrollment.pk].get("grade"),
            attempts=enrollment.attempts,
            certificate=facts[enrollment.pk].get("certificate"),
        )
        for enrollment in enrollments
    ]
    if status == "passed":
        rows = [row for row in rows if row.grade is not None and row.grade.passed]
    elif status == "not_passed":
        rows = [row for row in rows if row.grade is None or not row.grade.passed]
    elif status == "certified":
        rows = [row for row in rows if row.certified]
    sort = sort_key(sort)
    rows.sort(key=SORTS[sort.removeprefix("-")], reverse=sort.startswith("-"))
    return rows


def _attempts_of_enrolment():
    return (
        Attempt.objects.filter(user=OuterRef("user_id"), assessment__course=OuterRef("course_id"))
        .order_by()
        .values("user")
    )


def _attempts(aggregate):
    return Coalesce(
        Subquery(
            _attempts_of_enrolment().annotate(n=aggregate).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def family_countries(*, course: Course, viewer) -> list[str]:
    """The countries of the learners in the table, for its filter."""
    return sorted(
        code
        for code in courses.family_enrollments(course=course, viewer=viewer)
        .order_by()
        .values_list("user__country", flat=True)
        .distinct()
        if code
    )
