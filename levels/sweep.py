"""The sweep for level work whose task a broker outage lost: credentials to render, and open
applications to check again."""

from datetime import timedelta

from django.utils import timezone

from core.enqueue import enqueue
from levels.models import LevelApplication, LevelCredential
from levels.models.applications import OPEN_STATUSES


def pending_levels_requeue(*, older_than=timedelta(minutes=10)) -> int:
    """Queue again what is still waiting after `older_than`; each task checks what is left to
    do, so queuing twice is harmless."""
    cutoff = timezone.now() - older_than
    work = [
        ("levels.tasks.render_level_credential", (pk,))
        for pk in LevelCredential.objects.filter(
            issued_at__lt=cutoff, rendered_at=None, render_error=""
        ).values_list("pk", flat=True)
    ]
    work += [
        ("levels.tasks.check_levels", (user_id,))
        for user_id in LevelApplication.objects.filter(
            status__in=OPEN_STATUSES, created_at__lt=cutoff
        )
        .values_list("user_id", flat=True)
        .distinct()
    ]
    for task, args in work:
        enqueue(task, *args)
    return len(work)
