"""The catalog, course, framework and role pages core.page_cache keeps for anonymous visitors,
and the writes that retire them."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.utils.translation import get_language

from accounts import api as accounts
from competencies import api as competencies
from core import page_cache

COURSE_PAGES = "courses"  # every page showing a course: its content, links, instructors' names
PUBLIC_PAGES = [COURSE_PAGES, competencies.STANDARDS_PAGES]


def learner_data_key(request, name: str) -> str | None:
    """The key of data about the signed-in learner (their standing in a course) read with the
    published catalog and standards; None for an anonymous visitor."""
    if not request.user.is_authenticated:
        return None
    namespaces = [accounts.learner_pages(request.user.pk), *PUBLIC_PAGES]
    return page_cache.shared_key(f"{name} {request.user.pk} {get_language()}", namespaces)


def learner_fragment(request, name: str) -> str | None:
    """The key of a part of a signed-in page showing the learner's own data (grades, levels,
    enrolments, goal) with the published catalog and standards (core.page_cache.fragment_key)."""
    namespaces = [accounts.learner_pages(request.user.pk), *PUBLIC_PAGES]
    return page_cache.fragment_key(request, name, namespaces)


def register() -> None:
    """Saves and deletes of course content retire the pages (writes made with `update()` or
    `bulk_create` inside the same transaction are covered by the bump at commit); a learner's
    enrolments retire their own fragments (lesson progress bumps them in `lesson_complete`)."""
    from courses.models import (
        Course,
        CourseCompetency,
        Enrollment,
        Lesson,
        LessonAttachment,
        Module,
    )

    page_cache.invalidate_on_change(
        Course, Module, Lesson, LessonAttachment, CourseCompetency, namespaces=[COURSE_PAGES]
    )
    page_cache.invalidate_on_change(
        Enrollment, namespaces=lambda enrollment: [accounts.learner_pages(enrollment.user_id)]
    )

    post_save.connect(
        instructor_renamed, sender=get_user_model(), dispatch_uid="course-pages-instructor"
    )


def instructor_renamed(sender, instance, update_fields=None, **kwargs) -> None:
    """Course pages name their instructors (staff); a login's `last_login` is no change."""
    if instance.is_staff and (update_fields is None or "full_name" in update_fields):
        page_cache.bump(COURSE_PAGES)
