"""A submission's cost does not grow with the number of questions (PostgreSQL: SQLite splits the
one write of every answer into batches of its 999-parameter limit)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import CompetencyLevel, QuestionKind, Response
from courses import services as course_services
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import make_course, make_framework

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite batches the write of every answer"
    ),
]

KINDS = [
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.TRUE_FALSE,
    QuestionKind.NUMERIC,
    QuestionKind.SHORT_TEXT,
]


def submit_queries(learner, count: int) -> int:
    """The queries of a first graded submission of `count` questions, each naming a competency and
    a level, leaving out the transaction's own savepoint (BEGIN and COMMIT outside a test)."""
    course = make_course(f"quiz-{count}")
    course_services.enrollment_create(learner=learner, course=course)
    framework = make_framework(title=f"Framework {count}", areas=2, per_area=3)
    competencies = list(framework.competencies.filter(parent__isnull=False))
    levels = list(framework.levels.filter(rank__gt=0))
    questions = [
        make_question(
            course,
            KINDS[number % len(KINDS)],
            title=f"{count}-{number:04}",
            competency=competencies[number % len(competencies)],
            level=levels[number % len(levels)],
        )
        for number in range(count)
    ]
    quiz = make_assessment(course, questions)
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    answers = {str(position): answer for position, answer in right_answers(attempt).items()}
    with CaptureQueriesContext(connection) as queries:
        services.attempt_submit(attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert Response.objects.filter(item__attempt=attempt, is_correct=True).count() == count
    assert CompetencyLevel.objects.filter(
        user=learner, competency__in=competencies, level__isnull=False
    ).count() == len(competencies)
    return sum(1 for query in queries if "SAVEPOINT" not in query["sql"])


def test_a_submission_costs_the_same_queries_at_50_and_500_questions(learner):
    small, large = submit_queries(learner, 50), submit_queries(learner, 500)
    assert small == large <= 15
