"""What other apps may use from assessments. Everything else in assessments is internal."""

from assessments.events import course_grade_changed
from assessments.models import Assessment, Attempt, CompetencyLevel, CourseGrade, Question
from assessments.selectors import ItemPoints, graded_item_points, graded_learner_ids

# Authoring and taking assessments, for the apps above that load content (the levels demo).
from assessments.services import assessment_save, attempt_start, attempt_submit, question_save

__all__ = [
    "Assessment",
    "Attempt",
    "ItemPoints",
    "Question",
    "achieved_levels",
    "assessment_save",
    "attempt_start",
    "attempt_submit",
    "course_grade_changed",
    "course_grade_passed",
    "graded_item_points",
    "graded_learner_ids",
    "passing_course_grades",
    "question_save",
]


def course_grade_passed(enrollment) -> bool:
    """Whether the enrolment's stored course grade passes (False before any grade)."""
    return CourseGrade.objects.filter(enrollment=enrollment, passed=True).exists()


def passing_course_grades(*, updated_before):
    """Passing course grades last changed before `updated_before` (for sweeps)."""
    return CourseGrade.objects.filter(passed=True, updated_at__lt=updated_before)


def achieved_levels(user) -> dict:
    """The learner's shown level (above rank 0) per competency id."""
    return {
        row.competency_id: row.level
        for row in CompetencyLevel.objects.filter(user=user, level__rank__gt=0).select_related(
            "level"
        )
    }
