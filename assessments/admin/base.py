"""The admin base for assessments: rows of taught courses, and question and lesson choices of
taught courses only."""

from assessments.models import (
    Question,
)
from core.admin_scope import taught
from courses import api as courses


class TaughtCourseAdmin(courses.TaughtCourseAdmin):
    """Rows of the courses the instructor teaches; course, module, lesson, required-lesson and
    question choices likewise."""

    course_path = "course__"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "required_lessons":
            kwargs["queryset"] = courses.taught_lessons(request.user)
        if db_field.name == "questions":
            kwargs["queryset"] = taught(request.user, Question.objects.all(), "course__")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
