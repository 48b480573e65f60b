"""The rules of a question's content, called as the services (the admin form shows the same)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import Question, QuestionKind
from tests.assessments.conftest import make_question
from tests.factories import competency, level, make_framework

pytestmark = pytest.mark.django_db


def content(kind, **fields):
    """Content that is valid for `kind`, with `fields` replaced."""
    valid = {
        QuestionKind.SINGLE: {"choices": [choice("A", True), choice("B", False)]},
        QuestionKind.MULTIPLE: {"choices": [choice("A", True), choice("B", False)]},
        QuestionKind.TRUE_FALSE: {"choices": [choice("True", True), choice("False", False)]},
        QuestionKind.NUMERIC: {"answer": Decimal("12.5"), "tolerance": Decimal("0.1")},
        QuestionKind.SHORT_TEXT: {"accepted_answers": ["FOB"]},
        QuestionKind.ESSAY: {"rubric": "Full marks for naming both risks."},
    }[kind]
    return {"prompt": "A question", "points": Decimal(1), **valid, **fields}


def choice(text, correct):
    return {"key": text.lower(), "text": text, "correct": correct}


@pytest.mark.parametrize("kind", QuestionKind.values)
def test_valid_content_of_each_kind_has_no_errors(kind):
    assert services.question_content_errors(kind=kind, content=content(kind)) == {}


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        ("single", {"choices": [choice("Only", True)]}, "choices", "at least two choices"),
        (
            "single",
            {"choices": [choice("A", True), choice("B", True)]},
            "choices",
            "exactly one choice correct",
        ),
        (
            "true_false",
            {"choices": [choice("True", False), choice("False", False)]},
            "choices",
            "exactly one choice correct",
        ),
        (
            "multiple",
            {"choices": [choice("A", False), choice("B", False)]},
            "choices",
            "at least one choice correct",
        ),
        ("numeric", {"answer": None}, "answer", "needs its answer"),
        ("numeric", {"tolerance": Decimal("-0.5")}, "tolerance", "cannot be negative"),
        ("short_text", {"accepted_answers": ["  ", ""]}, "accepted_answers", "accepted answer"),
    ],
)
def test_a_key_that_cannot_grade_its_kind_is_refused_by_the_service(
    course, kind, fields, field, message
):
    errors = services.question_content_errors(kind=kind, content=content(kind, **fields))
    assert list(errors) == [field]
    assert message in errors[field][0]
    with pytest.raises(ValidationError) as caught:
        services.question_save(
            question=Question(course=course, kind=kind, title="Broken"),
            content=content(kind, **fields),
        )
    assert message in caught.value.message_dict[field][0]
    assert not Question.objects.exists()


def test_evidence_names_a_level_of_the_competencys_own_framework(course):
    framework, other = make_framework(), make_framework(title="Other")
    kind = QuestionKind.SINGLE
    foreign_level = content(kind, competency=competency(framework, "A1.1"), level=level(other, 2))
    half = content(kind, competency=competency(framework, "A1.1"), level=None)
    errors = services.question_content_errors(kind=kind, content=foreign_level)
    assert errors == {"level": ["Pick a level of the competency's own framework."]}
    assert "or neither" in services.question_content_errors(kind=kind, content=half)["level"][0]
    with pytest.raises(ValidationError, match="own framework"):
        services.question_save(
            question=Question(course=course, kind=kind, title="Evidence"), content=foreign_level
        )
    own_level = content(kind, competency=competency(framework, "A1.1"), level=level(framework, 2))
    question = services.question_save(
        question=Question(course=course, kind=kind, title="Evidence"), content=own_level
    )
    assert question.current_version.level == level(framework, 2)


def test_a_broken_edit_leaves_the_saved_version_as_it_was(course):
    question = make_question(course, QuestionKind.NUMERIC)
    with pytest.raises(ValidationError):
        services.question_save(
            question=question, content=content(QuestionKind.NUMERIC, answer=None)
        )
    question.refresh_from_db()
    assert question.current_version.answer == Decimal("123.45")
    assert question.versions.count() == 1


def test_a_saved_question_keeps_its_kind(course):
    question = make_question(course, QuestionKind.SINGLE)
    question.kind = QuestionKind.MULTIPLE
    with pytest.raises(ValidationError) as caught:
        services.question_save(question=question, content=content(QuestionKind.MULTIPLE))
    assert "keeps its type" in caught.value.message_dict["kind"][0]
    assert Question.objects.get().kind == QuestionKind.SINGLE
