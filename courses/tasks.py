from celery import shared_task

from core.transient import TRANSIENT_ERRORS
from courses import services


@shared_task(bind=True, max_retries=3, autoretry_for=TRANSIENT_ERRORS, retry_backoff=True)
def make_course_thumbnail(self, course_id: int) -> None:
    services.course_thumbnail_make(course_id=course_id)
