"""Authoring questions: versions that attempts froze are never changed."""

import logging

from django.db import transaction

from assessments.models import (
    AttemptItem,
    Question,
    QuestionVersion,
)

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


@transaction.atomic
def question_save(*, question: Question, content: dict) -> Question:
    """Save a question's content. A version already drawn by an attempt is never changed: the
    edit becomes a new version, and old attempts keep theirs (a regrade is a separate action)."""
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
