from courses.models.competencies import (
    Competency,
    CompetencyFramework,
    CourseCompetency,
    FrameworkStatus,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
)
from courses.models.curriculum import (
    Course,
    CourseQuerySet,
    CourseStatus,
    Lesson,
    LessonAttachment,
    Level,
    Module,
)
from courses.models.study import Enrollment, EnrollmentStatus, LearnerGoal, LessonProgress

__all__ = [
    "Competency",
    "CompetencyFramework",
    "Course",
    "CourseCompetency",
    "CourseQuerySet",
    "CourseStatus",
    "Enrollment",
    "EnrollmentStatus",
    "FrameworkStatus",
    "LearnerGoal",
    "Lesson",
    "LessonAttachment",
    "LessonProgress",
    "Level",
    "Module",
    "ProficiencyLevel",
    "RoleRequirement",
    "TargetRole",
]
