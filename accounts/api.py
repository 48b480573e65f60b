"""What other apps may use from accounts. Everything else in accounts is internal."""

from accounts.auth import client_ip
from accounts.models import User, normalize_email
from core import page_cache

__all__ = ["client_ip", "learner_lock", "learner_pages", "staff_by_email"]


def learner_pages(user_id: int) -> str:
    """The core.page_cache namespace of the parts of signed-in pages that show one learner's own
    data (grades, levels, enrolments, progress, goal, certificates): every write of it bumps it."""
    return f"learner:{user_id}"


def staff_by_email(emails: list[str]) -> dict[str, User]:
    """Staff accounts (instructors, administrators) by normalized email; unknown ones are absent."""
    wanted = {normalize_email(email) for email in emails}
    return {user.email: user for user in User.objects.filter(email__in=wanted, is_staff=True)}


def learner_lock(user) -> None:
    """Lock the learner's row until the transaction ends: every change to a learner's grades and
    credentials takes it first, so two of them run one after the other. It also retires the
    parts of pages kept for the learner (`learner_pages`), now and at commit."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    page_cache.bump(learner_pages(user.pk))
