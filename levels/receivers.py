"""How levels follow the events of the apps below (connected in `apps.py`)."""

from core.enqueue import enqueue_on_commit
from levels.services.evidence import CHECK, exam_results_refresh


def on_course_grade_changed(sender, user, course, regrade: bool, **kwargs) -> None:
    """In the grade's transaction: a level exam's result is scored by its blueprint; after
    commit, the learner's applications and credentials are checked again."""
    exam_results_refresh(user=user, course=course)
    enqueue_on_commit(CHECK, user.pk)


def on_certificate_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A course certificate issued, revoked or reinstated."""
    if not raw:
        enqueue_on_commit(CHECK, instance.user_id)
