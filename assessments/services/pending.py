"""The sweep for work whose task a broker outage lost (regrades, grade exports)."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import ExportStatus, GradeExport, Question
from core.enqueue import enqueue


def pending_work_requeue(*, older_than=timedelta(minutes=10)) -> int:
    """Regrades and grade exports still waiting after `older_than`: queued again. Each task
    checks what is left to do, so queuing twice is harmless."""
    cutoff = timezone.now() - older_than
    work = [
        ("assessments.tasks.regrade_question", pk)
        for pk in Question.objects.filter(regrade_requested_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ]
    work += [
        ("assessments.tasks.build_grade_export", pk)
        for pk in GradeExport.objects.filter(
            status=ExportStatus.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    ]
    for task, pk in work:
        enqueue(task, pk)
    return len(work)
