from celery import shared_task


@shared_task(bind=True, max_retries=3, acks_late=True)
def submit_overdue_attempts(self) -> int:
    """Periodic: attempts past their deadline are submitted as they stand."""
    from assessments.services import attempts_submit_overdue

    return attempts_submit_overdue()


@shared_task(bind=True, max_retries=3, acks_late=True, autoretry_for=(OSError,))
def regrade_question(self, question_id: int) -> int:
    from assessments.models import Question
    from assessments.services import question_regrade

    question = Question.objects.filter(pk=question_id).select_related("current_version").first()
    return question_regrade(question=question) if question else 0


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=600, soft_time_limit=540)
def build_grade_export(self, export_id: int) -> bool:
    from assessments.export import grade_export_build

    return grade_export_build(export_id=export_id)
