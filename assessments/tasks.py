from celery import shared_task


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=300, soft_time_limit=270)
def submit_overdue_attempts(self) -> int:
    """Periodic: attempts past their deadline are submitted as they stand."""
    from assessments.services import attempts_submit_overdue

    return attempts_submit_overdue()


@shared_task(bind=True, max_retries=3, acks_late=True, autoretry_for=(OSError,), time_limit=600)
def regrade_question(self, question_id: int) -> int:
    from assessments.models import Question
    from assessments.services import question_regrade

    question = Question.objects.filter(pk=question_id).select_related("current_version").first()
    return question_regrade(question=question) if question else 0


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=600, soft_time_limit=540)
def build_grade_export(self, export_id: int) -> bool:
    from assessments.export import grade_export_build, grade_export_fail

    try:
        return grade_export_build(export_id=export_id)
    except Exception:
        if self.request.retries >= self.max_retries:
            grade_export_fail(export_id=export_id)
            raise
        raise self.retry(countdown=30) from None


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=600)
def recompute_course_grades(self, course_id: int) -> int:
    """After a course's grading rules change (weights, pass marks, required assessments)."""
    from assessments.services import course_grades_recompute

    return course_grades_recompute(course_id=course_id)


@shared_task(time_limit=120)
def requeue_pending_work() -> int:
    """Periodic: regrades and grade exports whose task a broker outage lost are queued again."""
    from assessments.services import pending_work_requeue

    return pending_work_requeue()


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=120, autoretry_for=(OSError,))
def issue_certificate_if_earned(self, user_id: int, course_id: int) -> bool:
    from django.contrib.auth import get_user_model

    from assessments.certificates import certificate_check
    from courses.models import Course

    user = get_user_model().objects.filter(pk=user_id).first()
    course = Course.objects.filter(pk=course_id).first()
    return bool(user and course and certificate_check(user=user, course=course))


@shared_task(bind=True, max_retries=3, acks_late=True, time_limit=300, autoretry_for=(OSError,))
def render_certificate(self, certificate_id: int) -> bool:
    from assessments.certificates import certificate_render

    return certificate_render(certificate_id=certificate_id)


@shared_task(
    bind=True,
    max_retries=5,
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=(OSError,),
    retry_backoff=True,
)
def email_certificate(self, certificate_id: int) -> bool:
    from assessments.certificates import certificate_email

    return certificate_email(certificate_id=certificate_id)
