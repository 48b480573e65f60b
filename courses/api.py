"""What other apps may use from courses. Everything else in courses is internal."""

from courses.achievements import (
    achieved_families,
    enrollment_facts,
    family_id,
    family_of,
    register_achievement,
    register_enrollment_fact,
)
from courses.admin_base import TaughtCourseAdmin
from courses.cached_pages import COURSE_PAGES, learner_fragment
from courses.competency_map import course_competencies, role_coverage
from courses.models import Course, EnrollmentStatus
from courses.role_sections import register_goal_section, register_role_section
from courses.roster import family_enrollments
from courses.selectors import (
    can_study,
    catalog_entries,
    completed_lesson_ids,
    course_for_viewer,
    course_lesson_ids,
    enrollment_for,
    family_effort_hours,
    lessons_teaching,
    taught_courses,
    taught_lessons,
    teaches,
)
from courses.services import enrollment_create, enrollment_lock
from courses.signals import course_grading_changed, enrollment_completed
from courses.teaching import teaching_of
from courses.transfer import CourseImportError, course_import
from courses.uploads import validate_attachment

__all__ = [
    "COURSE_PAGES",
    "Course",
    "CourseImportError",
    "EnrollmentStatus",
    "TaughtCourseAdmin",
    "achieved_families",
    "can_study",
    "catalog_entries",
    "completed_lesson_ids",
    "course_competencies",
    "course_for_viewer",
    "course_grading_changed",
    "course_import",
    "course_lesson_ids",
    "enrollment_completed",
    "enrollment_create",
    "enrollment_facts",
    "enrollment_for",
    "enrollment_lock",
    "family_effort_hours",
    "family_enrollments",
    "family_id",
    "family_of",
    "learner_fragment",
    "lessons_teaching",
    "register_achievement",
    "register_enrollment_fact",
    "register_goal_section",
    "register_role_section",
    "role_coverage",
    "taught_courses",
    "taught_lessons",
    "teaches",
    "teaching_of",
    "validate_attachment",
]
