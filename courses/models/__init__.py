from courses.models.curriculum import (
    Course,
    CourseQuerySet,
    CourseStatus,
    Lesson,
    LessonAttachment,
    Level,
    Module,
    course_search_text,
)
from courses.models.study import Enrollment, EnrollmentStatus, LessonProgress
from courses.models.targets import CompetencyTeaching, CourseCompetency

__all__ = [
    "CompetencyTeaching",
    "Course",
    "CourseCompetency",
    "CourseQuerySet",
    "CourseStatus",
    "Enrollment",
    "EnrollmentStatus",
    "Lesson",
    "LessonAttachment",
    "LessonProgress",
    "Level",
    "Module",
    "course_search_text",
]
