from assessments.models.assessment import Assessment, FeedbackPolicy, GradingMethod
from assessments.models.attempts import (
    Attempt,
    AttemptItem,
    AttemptStatus,
    Response,
    ResponseToGrade,
)
from assessments.models.exports import ExportStatus, GradeExport
from assessments.models.grades import AssessmentResult, CompetencyLevel, CourseGrade
from assessments.models.questions import (
    CHOICE_KINDS,
    Question,
    QuestionKind,
    QuestionVersion,
    ToleranceMode,
)

__all__ = [
    "CHOICE_KINDS",
    "Assessment",
    "AssessmentResult",
    "Attempt",
    "AttemptItem",
    "AttemptStatus",
    "CompetencyLevel",
    "CourseGrade",
    "ExportStatus",
    "FeedbackPolicy",
    "GradeExport",
    "GradingMethod",
    "Question",
    "QuestionKind",
    "QuestionVersion",
    "Response",
    "ResponseToGrade",
    "ToleranceMode",
]
