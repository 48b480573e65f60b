"""Writes for assessments, one module per aggregate: `questions` and `assessments` (authoring),
`attempts` (taking one), `grading` (grading and regrading), `results` (stored results after a
grade), `pending` (the sweep for lost tasks)."""

from assessments.services.assessments import assessment_save, assessment_scope_errors
from assessments.services.attempts import (
    GRACE,
    AnswerErrors,
    AttemptConflict,
    attempt_save,
    attempt_start,
    attempt_submit,
    attempts_submit_overdue,
)
from assessments.services.grading import (
    GradingConflict,
    question_regrade,
    question_regrade_request,
    response_grade,
)
from assessments.services.pending import pending_work_requeue
from assessments.services.questions import question_content_errors, question_save
from assessments.services.results import (
    competency_levels_update,
    course_grade_update,
    course_grades_recompute,
    results_update,
)

__all__ = [
    "GRACE",
    "AnswerErrors",
    "AttemptConflict",
    "GradingConflict",
    "assessment_save",
    "assessment_scope_errors",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "attempts_submit_overdue",
    "competency_levels_update",
    "course_grade_update",
    "course_grades_recompute",
    "pending_work_requeue",
    "question_content_errors",
    "question_regrade",
    "question_regrade_request",
    "question_save",
    "response_grade",
    "results_update",
]
