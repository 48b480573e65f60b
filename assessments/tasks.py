"""Thin Celery wrappers: each takes ids and calls a service that checks what is left to do."""

from celery import shared_task

from assessments import export, services
from assessments.models import Question
from core.transient import TRANSIENT_ERRORS


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=300, soft_time_limit=270)
def submit_overdue_attempts(self) -> int:
    """Periodic: attempts past their deadline are submitted as they stand."""
    return services.attempts_submit_overdue()


@shared_task(
    bind=True, max_retries=3, acks_late=True, autoretry_for=TRANSIENT_ERRORS, time_limit=600
)
def regrade_question(self, question_id: int) -> int:
    question = Question.objects.filter(pk=question_id).select_related("current_version").first()
    return services.question_regrade(question=question) if question else 0


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=600, soft_time_limit=540)
def build_grade_export(self, export_id: int) -> bool:
    try:
        return export.grade_export_build(export_id=export_id)
    except Exception:
        if self.request.retries >= self.max_retries:
            export.grade_export_fail(export_id=export_id)
            raise
        raise self.retry(countdown=30) from None


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=600)
def recompute_course_grades(self, course_id: int) -> int:
    """After a course's grading rules change (weights, pass marks, required assessments)."""
    return services.course_grades_recompute(course_id=course_id)


@shared_task(time_limit=120)
def requeue_pending_work() -> int:
    """Periodic: regrades and grade exports whose task a broker outage lost are queued again."""
    return services.pending_work_requeue()
