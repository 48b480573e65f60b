"""How certificates follow the events of the apps below (connected in `apps.py`)."""

from certificates.services import ISSUE_CHECK, grade_follow_up
from core.enqueue import enqueue_on_commit


def on_course_grade_changed(sender, user, course, regrade: bool, **kwargs) -> None:
    """In the grade's transaction: an issued certificate follows the grade (revoked, flagged or
    reinstated); after commit, a certificate may be earned."""
    grade_follow_up(user=user, course=course, regrade=regrade)
    enqueue_on_commit(ISSUE_CHECK, user.pk, course.pk)


def on_enrollment_completed(sender, user_id: int, course_id: int, **kwargs) -> None:
    """The last lesson is done: a certificate that needs every lesson may now be earned."""
    enqueue_on_commit(ISSUE_CHECK, user_id, course_id)
