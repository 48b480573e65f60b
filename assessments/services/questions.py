"""Authoring questions: versions that attempts froze are never changed, and no version is saved
whose key cannot grade its kind or whose evidence names a level outside its competency's
framework. The admin, the demo loader and any importer save through `question_save`."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import (
    CHOICE_KINDS,
    AttemptItem,
    Question,
    QuestionKind,
    QuestionVersion,
)
from competencies import api as competencies

logger = logging.getLogger(__name__)

# Authoring -----------------------------------------------------------------------------------

VERSION_FIELDS = (
    "prompt",
    "points",
    "explanation",
    "competency",
    "level",
    "choices",
    "partial_credit",
    "answer",
    "tolerance",
    "tolerance_mode",
    "accepted_answers",
    "rubric",
)


def question_content_errors(*, kind: str, content: dict) -> dict[str, list[str]]:
    """What keeps `content` (the fields of `VERSION_FIELDS`) from being a question of `kind`, by
    content field; empty when nothing does. Forms show these on their own fields."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if kind in CHOICE_KINDS:
        choices = content.get("choices") or []
        correct = sum(1 for choice in choices if choice.get("correct"))
        if len(choices) < 2:
            add("choices", _("Give at least two choices."))
        elif kind == QuestionKind.MULTIPLE and correct < 1:
            add("choices", _("Mark at least one choice correct with *."))
        elif kind != QuestionKind.MULTIPLE and correct != 1:
            add("choices", _("Mark exactly one choice correct with *."))
    if kind == QuestionKind.NUMERIC and content.get("answer") is None:
        add("answer", _("A numeric question needs its answer."))
    tolerance = content.get("tolerance")
    if tolerance is not None and tolerance < 0:
        add("tolerance", _("The tolerance cannot be negative."))
    accepted = [
        answer
        for answer in content.get("accepted_answers") or []
        if isinstance(answer, str) and answer.strip()
    ]
    if kind == QuestionKind.SHORT_TEXT and not accepted:
        add("accepted_answers", _("Give at least one accepted answer."))
    competency, level = content.get("competency"), content.get("level")
    if bool(competency) != bool(level):
        add("level", _("Give both the competency and its level, or neither."))
    else:
        problem = competencies.level_of_competency_error(competency=competency, level=level)
        if problem:
            add("level", problem)
    return errors


@transaction.atomic
def question_save(*, question: Question, content: dict) -> Question:
    """Save a question's content, or raise ValidationError by content field
    (`question_content_errors`). A version already drawn by an attempt is never changed: the
    edit becomes a new version, and old attempts keep theirs (a regrade is a separate action)."""
    errors = question_content_errors(kind=question.kind, content=content)
    if question.pk:
        stored_kind = Question.objects.filter(pk=question.pk).values_list("kind", flat=True).first()
        if stored_kind not in (None, question.kind):
            # Old answers are graded by their question's kind: a new kind is a new question.
            errors.setdefault("kind", []).append(
                _("A saved question keeps its type; write a new question for another type.")
            )
    if errors:
        raise ValidationError(errors)
    question.save()
    current = question.current_version
    if current is None or AttemptItem.objects.filter(question_version=current).exists():
        number = (current.number + 1) if current else 1
        current = QuestionVersion(question=question, number=number)
    for name in VERSION_FIELDS:
        setattr(
            current, name, content.get(name, getattr(QuestionVersion, name).field.get_default())
        )
    current.full_clean(exclude=["question"])
    current.save()
    if question.current_version_id != current.pk:
        question.current_version = current
        question.save(update_fields=["current_version"])
    return question
