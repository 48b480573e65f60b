"""Thin Celery wrappers: each takes ids and calls a service that checks what is left to do."""

from celery import shared_task
from django.contrib.auth import get_user_model

from core.transient import TRANSIENT_ERRORS
from levels.services import awards, evidence
from levels.sweep import pending_levels_requeue


@shared_task(
    bind=True, max_retries=3, acks_late=True, time_limit=120, autoretry_for=TRANSIENT_ERRORS
)
def check_levels(self, user_id: int, course_id: int | None = None) -> None:
    """After a grade in `course_id` changed (its level exams scored again), or any other change
    of the learner's standing."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    if course_id is not None:
        evidence.exam_results_refresh(user=user, course_id=course_id)
    awards.levels_check(user=user)


@shared_task(
    bind=True, max_retries=3, acks_late=True, time_limit=300, autoretry_for=TRANSIENT_ERRORS
)
def render_level_credential(self, credential_id: int) -> bool:
    return awards.credential_render(credential_id=credential_id)


@shared_task(
    bind=True, max_retries=3, acks_late=True, time_limit=600, autoretry_for=TRANSIENT_ERRORS
)
def rescore_level_exam(self, level_id: int) -> int:
    return evidence.level_exam_rescore_now(level_id=level_id)


@shared_task(time_limit=120)
def requeue_pending_levels() -> int:
    """Periodic: renders and checks whose task a broker outage lost."""
    return pending_levels_requeue()
