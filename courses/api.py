"""What other apps may use from courses. Everything else in courses is internal."""

from courses.competency_map import (
    course_competencies,
    framework_tree,
    learner_goal,
    published_frameworks,
    role_coverage,
)
from courses.markdown import render_markdown
from courses.models import EnrollmentStatus
from courses.selectors import (
    can_study,
    completed_lesson_ids,
    course_for_viewer,
    course_lesson_ids,
    enrollment_for,
    teaches,
)
from courses.services import enrollment_create, enrollment_lock
from courses.signals import course_grading_changed, enrollment_completed
from courses.uploads import private_storage

__all__ = [
    "EnrollmentStatus",
    "can_study",
    "completed_lesson_ids",
    "course_competencies",
    "course_for_viewer",
    "course_grading_changed",
    "course_lesson_ids",
    "enrollment_completed",
    "enrollment_create",
    "enrollment_for",
    "enrollment_lock",
    "framework_tree",
    "learner_goal",
    "private_storage",
    "published_frameworks",
    "render_markdown",
    "role_coverage",
    "teaches",
]
