"""The course scoping every app's admin uses: choices limited to the courses, modules and
lessons the signed-in instructor teaches. Other apps get it through `courses.api`."""

from core.admin_scope import CourseScopedAdmin
from courses.models import Course, Lesson, Module


def taught_courses(user):
    courses = Course.objects.all()
    return courses if user.is_superuser else courses.filter(instructors=user)


def taught_modules(user):
    return Module.objects.filter(course__in=taught_courses(user)).select_related("course")


def taught_lessons(user):
    return Lesson.objects.filter(module__course__in=taught_courses(user))


COURSE_FOREIGN_KEY_SCOPES = {
    "course": taught_courses,
    "module": taught_modules,
    "lesson": taught_lessons,
}


class TaughtCourseAdmin(CourseScopedAdmin):
    """An admin over rows of taught courses, whose course/module/lesson choices are taught ones."""

    foreign_key_scopes = COURSE_FOREIGN_KEY_SCOPES
