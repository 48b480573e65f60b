"""Grade exports: a course's enrolled learners and their grades as CSV, streamed in batches."""

import csv
import io
import secrets
import tempfile
from collections.abc import Iterator

from django.core.files import File
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from assessments.models import Assessment, AssessmentResult, ExportStatus, GradeExport

BATCH = 2000  # learners per query: memory per batch, queries ≈ learners / BATCH
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
    """Build the CSV once (a second run finds it ready). Rows go to a temporary file as they
    are read and the file to storage, so memory stays flat whatever the number of learners;
    one query per batch of learners."""
    with transaction.atomic():
        export = (
            GradeExport.objects.select_for_update(of=("self",))
            .select_related("course")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status == ExportStatus.READY:
            return False
        assessments = list(
            Assessment.objects.filter(course=export.course).order_by("pk").only("title")
        )
        with tempfile.TemporaryFile() as file:
            rows = _write_csv(file, export.course, assessments)
            export.file.save(
                # A random part: the name of a file of everyone's grades must not be guessable.
                f"grades-{export.course.slug}-{export.pk}-{secrets.token_hex(8)}.csv",
                File(file),
                save=False,
            )
        export.rows = rows
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.save()
    return True


def _write_csv(file, course, assessments: list[Assessment]) -> int:
    """The header and one row per enrolment into the binary `file` (UTF-8); the row count."""
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(
        ["email", "full_name", "country", "enrolment", "course_percent", "course_passed"]
        + [cell(assessment.title) for assessment in assessments]
    )
    rows = 0
    for row in _enrollments(course, assessments):
        email, full_name, country, status, percent, passed, *results = row[1:]
        writer.writerow(
            [
                cell(email),
                cell(full_name),
                cell(country),
                cell(status),
                cell(percent if percent is not None else ""),
                cell(passed if passed is not None else ""),
            ]
            + [_percent(result) for result in results]
        )
        rows += 1
    text.flush()
    text.detach()  # the caller's file stays open
    file.seek(0)
    return rows


def _percent(value) -> str:
    """A result's percent as stored (two places; SQLite's subquery result has lost them)."""
    return "" if value is None else f"{value:.2f}"


def _enrollments(course, assessments: list[Assessment]) -> Iterator[tuple]:
    """The course's enrolments in keyset batches of BATCH, each one query, as plain rows: id,
    the learner's email, name and country, the enrolment's status, the course grade's percent
    and passed, then per assessment the learner's result. Plain values, not model instances: an
    enrolment with its grade made a reference cycle per row, which only the cyclic garbage
    collector frees, so memory grew with the learners."""
    results = {
        f"result_{assessment.pk}": Subquery(
            AssessmentResult.objects.filter(user=OuterRef("user_id"), assessment=assessment).values(
                "percent"
            )
        )
        for assessment in assessments
    }
    enrollments = (
        course.enrollments.annotate(**results)
        .order_by("pk")
        .values_list(
            "pk",
            "user__email",
            "user__full_name",
            "user__country",
            "status",
            "grade__percent",
            "grade__passed",
            *results,
        )
    )
    last_pk = 0
    while True:
        batch = list(enrollments.filter(pk__gt=last_pk)[:BATCH])
        yield from batch
        if len(batch) < BATCH:
            return
        last_pk = batch[-1][0]


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
