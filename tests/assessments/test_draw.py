"""Drawing N questions of a pool: spread across competencies when the assessment asks for it."""

import random
from collections import Counter

import pytest

from assessments import draw, services
from tests.assessments.conftest import make_assessment, make_question
from tests.factories import competency, level, make_framework

pytestmark = pytest.mark.django_db

POOL = {"A1.1": 4, "A1.2": 3, "A2.1": 1}  # questions per competency: 8 in all


@pytest.fixture
def pool(course):
    framework = make_framework()
    return [
        make_question(
            course,
            title=f"{code} #{n}",
            competency=competency(framework, code),
            level=level(framework, 1),
        )
        for code, size in POOL.items()
        for n in range(size)
    ]


def spread(versions) -> Counter:
    return Counter(version.competency.code for version in versions)


def evenly_spread(counts: Counter) -> bool:
    """No competency got two more than another, unless that other had no more to give."""
    return all(
        counts[a] <= counts[b] + 1 or counts[b] == POOL[b] for a in POOL for b in POOL if a != b
    )


def test_a_seeded_attempt_draws_evenly_across_competencies_in_bank_order(
    learner, course, enrolled, pool
):
    quiz = make_assessment(course, pool, draw_count=5, draw_per_competency=True)
    attempt = services.attempt_start(learner=learner, assessment=quiz, rng=random.Random(7))
    items = list(attempt.items.select_related("question_version__competency"))
    drawn = [item.question_version for item in items]
    # One from each competency, then one more from each that has more: 2 + 2 + 1.
    assert spread(drawn) == {"A1.1": 2, "A1.2": 2, "A2.1": 1}
    assert len({version.pk for version in drawn}) == 5
    assert [item.position for item in items] == [1, 2, 3, 4, 5]
    titles = [version.question.title for version in drawn]
    assert titles == sorted(titles)  # not shuffled: bank order
    assert attempt.max_score == 5
    # The same seed draws the same questions.
    assert draw.draw(quiz, random.Random(7)) == drawn


def test_when_the_count_does_not_divide_evenly_no_competency_gets_two_more(course, pool):
    quiz = make_assessment(course, pool, draw_count=4, draw_per_competency=True)
    for seed in range(50):
        counts = spread(draw.draw(quiz, random.Random(seed)))
        assert sum(counts.values()) == 4 and counts["A2.1"] == 1, seed
        assert sorted(counts.values()) == [1, 1, 2], seed


@pytest.mark.parametrize("per_competency", [True, False])
def test_over_many_seeds_every_question_can_be_drawn(course, pool, per_competency):
    quiz = make_assessment(course, pool, draw_count=5, draw_per_competency=per_competency)
    draws = [draw.draw(quiz, random.Random(seed)) for seed in range(200)]
    assert all(len(set(drawn)) == 5 for drawn in draws)
    assert {version.question_id for drawn in draws for version in drawn} == {q.pk for q in pool}
    even = [evenly_spread(spread(drawn)) for drawn in draws]
    if per_competency:
        assert all(even)
    else:  # a plain random sample is not spread: some draws miss the one A2.1 question
        assert not all(even)


def test_a_shuffled_spread_draw_keeps_the_spread(course, pool):
    quiz = make_assessment(
        course, pool, draw_count=5, draw_per_competency=True, shuffle_questions=True
    )
    draws = [draw.draw(quiz, random.Random(seed)) for seed in range(30)]
    assert all(spread(drawn) == {"A1.1": 2, "A1.2": 2, "A2.1": 1} for drawn in draws)
    orders = {tuple(version.question.title for version in drawn) for drawn in draws}
    assert any(list(order) != sorted(order) for order in orders)  # shuffled after the draw
