"""How levels follow the events of the apps below (connected in `apps.py`)."""

from core.enqueue import enqueue_on_commit
from levels.services.evidence import CHECK


def on_course_grade_changed(sender, user, course, regrade: bool, **kwargs) -> None:
    """After commit (nothing added to the grade's transaction): the course's level exams are
    scored by their blueprints, then the learner's applications and credentials are checked."""
    enqueue_on_commit(CHECK, user.pk, course.pk)


def on_certificate_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A course certificate issued, revoked or reinstated."""
    if not raw:
        enqueue_on_commit(CHECK, instance.user_id)
