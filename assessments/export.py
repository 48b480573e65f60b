"""Grade exports: a course's enrolled learners and their grades as CSV, built in batches."""

import csv
import io
import secrets
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, AssessmentResult, CourseGrade, ExportStatus, GradeExport

BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """Spreadsheet-safe text: a cell starting like a formula is prefixed with an apostrophe, so a
    learner named "=HYPERLINK(…)" cannot run anything in the instructor's spreadsheet."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def grade_export_fail(*, export_id: int) -> None:
    GradeExport.objects.filter(pk=export_id).exclude(status=ExportStatus.READY).update(
        status=ExportStatus.FAILED, finished_at=timezone.now()
    )


def grade_export_build(*, export_id: int) -> bool:
    """Build the CSV once (a second run finds it ready). Constant queries per batch of learners."""
    with transaction.atomic():
        export = GradeExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status == ExportStatus.READY:
            return False
        assessments = list(Assessment.objects.filter(course=export.course).order_by("pk"))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            ["email", "full_name", "country", "enrolment", "course_percent", "course_passed"]
            + [cell(assessment.title) for assessment in assessments]
        )
        grades = CourseGrade.objects.filter(enrollment__course=export.course)
        grade_by_enrollment = {}
        enrollments = export.course.enrollments.select_related("user").order_by("pk")
        rows = 0
        last_pk = 0
        while True:
            batch = list(enrollments.filter(pk__gt=last_pk)[:BATCH])
            if not batch:
                break
            last_pk = batch[-1].pk
            grade_by_enrollment = {g.enrollment_id: g for g in grades.filter(enrollment__in=batch)}
            results = {
                (r.user_id, r.assessment_id): r
                for r in AssessmentResult.objects.filter(
                    assessment__in=assessments, user__in=[e.user_id for e in batch]
                )
            }
            for enrollment in batch:
                grade = grade_by_enrollment.get(enrollment.pk)
                user = enrollment.user
                writer.writerow(
                    [
                        cell(user.email),
                        cell(user.full_name),
                        cell(user.country.code if user.country else ""),
                        cell(enrollment.status),
                        cell(grade.percent if grade else ""),
                        cell(grade.passed if grade else ""),
                    ]
                    + [
                        cell(results[(user.pk, a.pk)].percent) if (user.pk, a.pk) in results else ""
                        for a in assessments
                    ]
                )
                rows += 1
        export.file.save(
            # A random part: the name of a file of everyone's grades must not be guessable.
            f"grades-{export.course.slug}-{export.pk}-{secrets.token_hex(8)}.csv",
            ContentFile(buffer.getvalue().encode("utf-8")),
            save=False,
        )
        export.rows = rows
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.save()
    return True


# The instructor's learner table, as CSV -----------------------------------------------------------

LEARNER_TABLE_HEADER = [
    "email",
    "full_name",
    "country",
    "language_version",
    "course",
    "enrolment",
    "lessons_completed",
    "lessons_total",
    "progress_percent",
    "last_activity",
    "course_percent",
    "course_passed",
    "attempts",
    "certificate",
    "certificate_url",
]


def learner_table_csv(rows, *, certificate_url) -> Iterator[list[str]]:
    """The learner table's rows (already filtered and sorted) as spreadsheet-safe CSV rows;
    `certificate_url(certificate)` gives the public verify address."""
    yield LEARNER_TABLE_HEADER
    for row in rows:
        user, grade, certificate = row.user, row.grade, row.certificate
        yield [
            cell(value)
            for value in (
                user.email,
                user.full_name,
                user.country.code if user.country else "",
                row.version.language,
                row.version.slug,
                row.enrollment.status,
                row.lessons_done,
                row.lessons_total,
                row.progress,
                row.last_activity.isoformat() if row.last_activity else "",
                grade.percent if grade else "",
                grade.passed if grade else "",
                row.attempts,
                certificate.status if certificate else "",
                certificate_url(certificate) if certificate else "",
            )
        ]
