"""Authoring assessments: saving one, and keeping stored grades in step with its grading rules."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Assessment
from core.enqueue import enqueue_on_commit

# What the stored results are computed from (services.results): a change to any of these changes
# learners' assessment results or course grades.
GRADING_FIELDS = (
    "course_id",
    "weight",
    "pass_mark",
    "required_for_certificate",
    "is_published",
    "grading_method",
)


def assessment_scope_errors(*, course, module, questions, required_lessons) -> dict[str, str]:
    """What of an assessment's parts lies outside its course, by field: its module, the questions
    of its pool and its required lessons must all be the course's own."""
    errors = {}
    if module is not None and module.course_id != course.pk:
        errors["module"] = _("Pick a module of this course.")
    if any(question.course_id != course.pk for question in questions):
        errors["questions"] = _("Pick questions from this course's bank.")
    if any(lesson.module.course_id != course.pk for lesson in required_lessons):
        errors["required_lessons"] = _("Pick lessons of this course.")
    return errors


@transaction.atomic
def assessment_save(*, assessment: Assessment, questions=None, required_lessons=None) -> Assessment:
    """Validate and save an assessment, and set its question pool and required lessons when
    given (None leaves them as they are). Its module, questions and required lessons must be its
    course's own (`assessment_scope_errors`), or ValidationError by field. When its grading rules
    differ from the stored row (or a new one is published), the stored grades of its course are
    recomputed after commit, in a task: a course may have many learners."""
    assessment.full_clean(exclude=["questions", "required_lessons"])
    stored = (
        Assessment.objects.select_for_update()
        .filter(pk=assessment.pk)
        .order_by()  # no ordering join: PostgreSQL cannot lock the nullable side of one
        .values(*GRADING_FIELDS)
        .first()
        if assessment.pk
        else None
    )
    questions = None if questions is None else list(questions)
    required_lessons = None if required_lessons is None else list(required_lessons)
    moved = stored is not None and stored["course_id"] != assessment.course_id
    errors = assessment_scope_errors(
        course=assessment.course,
        module=assessment.module,
        # Moved to another course, the parts it keeps must be that course's too.
        questions=questions
        if questions is not None
        else (assessment.questions.all() if moved else []),
        required_lessons=required_lessons
        if required_lessons is not None
        else (assessment.required_lessons.select_related("module") if moved else []),
    )
    if errors:
        raise ValidationError(errors)
    assessment.save()
    if questions is not None:
        assessment.questions.set(questions)
    if required_lessons is not None:
        assessment.required_lessons.set(required_lessons)
    if stored is None:
        changed_courses = {assessment.course_id} if assessment.is_published else set()
    elif any(stored[name] != getattr(assessment, name) for name in GRADING_FIELDS):
        # Moved to another course: both courses' grades change.
        changed_courses = {stored["course_id"], assessment.course_id}
    else:
        changed_courses = set()
    for course_id in sorted(changed_courses):
        enqueue_on_commit("assessments.tasks.recompute_course_grades", course_id)
    return assessment
