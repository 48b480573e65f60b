"""Thin Celery wrappers: each takes ids and calls a service that checks what is left to do."""

from celery import shared_task
from django.contrib.auth import get_user_model

from certificates import services
from certificates.sweep import pending_certificates_requeue
from core.transient import TRANSIENT_ERRORS
from courses.api import Course


@shared_task(
    bind=True, max_retries=3, acks_late=True, time_limit=120, autoretry_for=TRANSIENT_ERRORS
)
def issue_certificate_if_earned(self, user_id: int, course_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id).first()
    course = Course.objects.filter(pk=course_id).first()
    return bool(user and course and services.certificate_check(user=user, course=course))


@shared_task(
    bind=True, max_retries=3, acks_late=True, time_limit=300, autoretry_for=TRANSIENT_ERRORS
)
def render_certificate(self, certificate_id: int) -> bool:
    return services.certificate_render(certificate_id=certificate_id)


@shared_task(
    bind=True,
    max_retries=5,
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
)
def email_certificate(self, certificate_id: int) -> bool:
    return services.certificate_email(certificate_id=certificate_id)


@shared_task(time_limit=120)
def requeue_pending_certificates() -> int:
    """Periodic: certificates to issue, render or announce whose task a broker outage lost."""
    return pending_certificates_requeue()
