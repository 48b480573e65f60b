"""The course scoping every app's admin uses: choices limited to the courses, modules and
lessons the signed-in instructor teaches. Other apps get it through `courses.api`."""

from core.admin_scope import CourseScopedAdmin
from courses.selectors import taught_courses, taught_lessons, taught_modules

COURSE_FOREIGN_KEY_SCOPES = {
    "course": taught_courses,
    "module": taught_modules,
    "lesson": taught_lessons,
}


class TaughtCourseAdmin(CourseScopedAdmin):
    """An admin over rows of taught courses, whose course/module/lesson choices are taught ones."""

    foreign_key_scopes = COURSE_FOREIGN_KEY_SCOPES
