from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from accounts import emails
from core.enqueue import enqueue
from core.transient import TRANSIENT_ERRORS

EMAIL_TASK = {
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "max_retries": 5,
    "retry_backoff": True,
}


@shared_task(**EMAIL_TASK)
def send_welcome_email(self, user_id: int) -> None:
    emails.welcome_email_send(user_id=user_id)


@shared_task(**EMAIL_TASK)
def send_already_registered_email(self, user_id: int) -> None:
    emails.already_registered_email_send(user_id=user_id)


@shared_task(**EMAIL_TASK)
def send_password_reset_email(self, user_id: int) -> None:
    emails.password_reset_email_send(user_id=user_id)


@shared_task
def send_pending_welcome_emails() -> int:
    """Periodic sweep: send welcome emails that were not enqueued while the broker was down."""
    now = timezone.now()
    user_ids = emails.pending_welcome_user_ids(
        older_than=now - timedelta(minutes=5), newer_than=now - timedelta(days=3)
    )
    for user_id in user_ids:
        enqueue(send_welcome_email, user_id)
    return len(user_ids)
