"""The sweep for certificate work whose task a broker outage lost: certificates to issue, render
or announce."""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from assessments import api as assessments
from certificates.models import Certificate
from certificates.services import unsent_emails
from core.enqueue import enqueue
from courses import api as courses


def pending_certificates_requeue(*, older_than=timedelta(minutes=10)) -> int:
    """Queue again what is still waiting after `older_than`. Each task checks what is left to
    do, so queuing twice is harmless."""
    cutoff = timezone.now() - older_than
    old = Certificate.objects.filter(issued_at__lt=cutoff)
    work = [
        ("certificates.tasks.render_certificate", (pk,))
        for pk in old.filter(rendered_at=None, render_error="").values_list("pk", flat=True)
    ]
    work += [
        ("certificates.tasks.email_certificate", (pk,))
        for pk in unsent_emails().filter(issued_at__lt=cutoff).values_list("pk", flat=True)
    ]
    work += [
        ("certificates.tasks.issue_certificate_if_earned", pair)
        for pair in assessments.passing_course_grades(updated_before=cutoff)
        .exclude(enrollment__course__certificates__user=F("enrollment__user"))
        # Lessons still to finish: completing the last one checks again, not the sweep.
        .exclude(
            Q(enrollment__course__certificate_needs_all_lessons=True)
            & ~Q(enrollment__status=courses.EnrollmentStatus.COMPLETED)
        )
        .values_list("enrollment__user_id", "enrollment__course_id")
    ]
    for task, args in work:
        enqueue(task, *args)
    return len(work)
