from decimal import Decimal

import pytest

from assessments import services
from assessments.models import Assessment, Question, QuestionKind
from courses import services as course_services
from tests.factories import make_course

KEY_TEXTS = {
    QuestionKind.SINGLE: [
        {"key": "a", "text": "Incoterms split costs and risk", "correct": True},
        {"key": "b", "text": "Incoterms set the price", "correct": False},
        {"key": "c", "text": "Incoterms replace the contract", "correct": False},
    ],
    QuestionKind.MULTIPLE: [
        {"key": "a", "text": "Commercial invoice", "correct": True},
        {"key": "b", "text": "Packing list", "correct": True},
        {"key": "c", "text": "Birthday card", "correct": False},
    ],
    QuestionKind.TRUE_FALSE: [
        {"key": "t", "text": "True", "correct": True},
        {"key": "f", "text": "False", "correct": False},
    ],
}
SECRET_EXPLANATION = "Because the ICC says so (explanation)."


def make_question(course, kind=QuestionKind.SINGLE, points="1", title=None, **content):
    defaults = {
        "prompt": f"Prompt of a {kind} question",
        "points": Decimal(points),
        "explanation": SECRET_EXPLANATION,
        "choices": KEY_TEXTS.get(kind, []),
        "answer": Decimal("123.45") if kind == QuestionKind.NUMERIC else None,
        "tolerance": Decimal("0.05") if kind == QuestionKind.NUMERIC else None,
        "tolerance_mode": "absolute",
        "accepted_answers": ["Free on board"] if kind == QuestionKind.SHORT_TEXT else [],
        "rubric": "Full marks for a structured reply." if kind == QuestionKind.ESSAY else "",
    }
    question = Question(course=course, kind=kind, title=title or f"{kind} question")
    return services.question_save(question=question, content={**defaults, **content})


def make_assessment(course, questions, **fields):
    fields = {"title": "Quiz", "is_published": True, **fields}
    assessment = Assessment.objects.create(course=course, **fields)
    assessment.questions.set(questions)
    return assessment


def right_answers(attempt) -> dict:
    """The correct answer to every item, read from the key (only a test may)."""
    answers = {}
    for item in attempt.items.select_related("question_version__question"):
        version, kind = item.question_version, item.question_version.question.kind
        correct = {c["key"] for c in version.choices if c["correct"]}
        tokens = [t["token"] for t in item.choice_tokens if t["key"] in correct]
        if kind == QuestionKind.MULTIPLE:
            answers[item.position] = tokens
        elif tokens:
            answers[item.position] = tokens[0]
        elif kind == QuestionKind.NUMERIC:
            answers[item.position] = str(version.answer)
        elif kind == QuestionKind.SHORT_TEXT:
            answers[item.position] = version.accepted_answers[0]
        else:
            answers[item.position] = "My structured essay."
    return answers


@pytest.fixture
def course(instructor):
    return make_course("incoterms", instructors=(instructor.email,))


@pytest.fixture
def quiz(course):
    """One question of each auto-graded kind, 7 points in all, pass mark 70%."""
    questions = [
        make_question(course, QuestionKind.SINGLE),
        make_question(course, QuestionKind.MULTIPLE),
        make_question(course, QuestionKind.TRUE_FALSE),
        make_question(course, QuestionKind.NUMERIC, points="2"),
        make_question(course, QuestionKind.SHORT_TEXT, points="2"),
    ]
    return make_assessment(course, questions, title="Incoterms quiz")


@pytest.fixture
def enrolled(learner, course):
    return course_services.enrollment_create(learner=learner, course=course)
