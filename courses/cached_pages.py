"""The catalog, course, framework and role pages core.page_cache keeps for anonymous visitors,
and the writes that retire them."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from competencies import api as competencies
from core import page_cache

COURSE_PAGES = "courses"  # every page showing a course: its content, links, instructors' names
PUBLIC_PAGES = [COURSE_PAGES, competencies.STANDARDS_PAGES]


def register() -> None:
    """Saves and deletes of course content retire the pages (writes made with `update()` or
    `bulk_create` inside the same transaction are covered by the bump at commit)."""
    from courses.models import Course, CourseCompetency, Lesson, LessonAttachment, Module

    page_cache.invalidate_on_change(
        Course, Module, Lesson, LessonAttachment, CourseCompetency, namespaces=[COURSE_PAGES]
    )
    post_save.connect(
        instructor_renamed, sender=get_user_model(), dispatch_uid="course-pages-instructor"
    )


def instructor_renamed(sender, instance, update_fields=None, **kwargs) -> None:
    """Course pages name their instructors (staff); a login's `last_login` is no change."""
    if instance.is_staff and (update_fields is None or "full_name" in update_fields):
        page_cache.bump(COURSE_PAGES)
