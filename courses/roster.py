"""Who studies a course family, for its instructors: enrolments in the language versions the
viewer teaches, each with its progress, in one query whatever the number of learners."""

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from courses.achievements import family_id
from courses.models import Course, Enrollment, EnrollmentStatus, Lesson, LessonProgress
from courses.selectors import taught_courses


def family_enrollments(*, course: Course, viewer, country: str = "", status: str = "") -> QuerySet:
    """Enrolments in every version of `course`'s family that `viewer` teaches (all for a
    superuser), with `user` and `course` loaded and annotated with `lessons_done`,
    `lessons_total` and `last_studied` (the latest lesson completed). Optionally only learners
    from one country, or enrolments in one status."""
    family = family_id(course)
    versions = taught_courses(viewer).filter(Q(pk=family) | Q(language_version_of_id=family))
    enrollments = Enrollment.objects.filter(course__in=versions.values("pk"))
    if country:
        enrollments = enrollments.filter(user__country=country)
    if status in EnrollmentStatus.values:
        enrollments = enrollments.filter(status=status)
    progress = LessonProgress.objects.filter(enrollment=OuterRef("pk")).order_by()
    lessons = Lesson.objects.filter(module__course=OuterRef("course_id")).order_by()
    return (
        enrollments.select_related("user", "course")
        .only(  # what the table shows: 5,000 rows of whole users and courses cost seconds
            "status",
            "enrolled_at",
            "completed_at",
            "user__email",
            "user__full_name",
            "user__country",
            "course__slug",
            "course__title",
            "course__language",
            "course__language_version_of",
        )
        .annotate(
            lessons_done=_count(progress.values("enrollment")),
            lessons_total=_count(lessons.values("module__course")),
            last_studied=Subquery(
                progress.values("enrollment").annotate(last=Max("completed_at")).values("last")
            ),
        )
        .order_by("pk")
    )


def _count(grouped: QuerySet):
    """A correlated COUNT(*) over `grouped` (a queryset reduced to its grouping column)."""
    return Coalesce(
        Subquery(grouped.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )
