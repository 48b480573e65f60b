"""The rules model: blueprint arithmetic, rules that could never be met, experience periods."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from levels import blueprint
from levels.path import experience_months
from levels.services import ladder
from tests.factories import competency, level, make_framework

A1 = blueprint.Unit("Listing", 1, "0001", weight=60, min_percent=50)
A2 = blueprint.Unit("Logistics", 1, "0002", weight=40, min_percent=50)


def answer(attempt, path, score, maximum="1", framework=1):
    return SimpleNamespace(
        attempt_id=attempt,
        framework_id=framework,
        tree_path=path,
        score=Decimal(score),
        max_points=Decimal(maximum),
    )


def test_a_unit_counts_its_area_and_everything_below_it_only():
    items = [
        answer(1, "0001", "1"),
        answer(1, "0001/0002", "0", "3"),  # below A1
        answer(1, "00010", "5", "5"),  # another area whose path starts alike
        answer(1, "0001", "9", "9", framework=2),  # another framework
        answer(1, None, "4", "4"),  # untagged
        answer(1, "0002/0001", "1"),
    ]
    score = blueprint.score_attempt([A1, A2], items, pass_mark=60)
    assert [unit["percent"] for unit in score.units] == ["25.00", "100.00"]
    assert score.percent == Decimal("55.00")  # 0.6 * 25 + 0.4 * 100
    assert not score.passed


def test_a_pass_needs_the_mark_and_every_unit_minimum():
    strong_a1 = [answer(1, "0001", "1"), answer(1, "0002", "0.4")]  # 60 + 16 = 76, A2 < 50
    assert not blueprint.score_attempt([A1, A2], strong_a1, pass_mark=60).passed
    balanced = [answer(2, "0001", "0.7"), answer(2, "0002", "0.5")]  # 42 + 20 = 62
    assert blueprint.score_attempt([A1, A2], balanced, pass_mark=60).passed


def test_the_best_attempt_is_a_pass_before_a_higher_failing_score():
    items = [
        answer(1, "0001", "1"),
        answer(1, "0002", "0.4"),  # 76, fails A2's minimum
        answer(2, "0001", "0.7"),
        answer(2, "0002", "0.5"),  # 62, passes
    ]
    attempt, score = blueprint.best_score([A1, A2], items, pass_mark=60)
    assert (attempt, score.percent, score.passed) == (2, Decimal("62.00"), True)
    assert blueprint.best_score([A1, A2], [], pass_mark=60) is None


def test_overlapping_periods_count_once():
    claims = [
        SimpleNamespace(started_on=date(2024, 1, 1), ended_on=date(2024, 7, 1)),
        SimpleNamespace(started_on=date(2024, 4, 1), ended_on=date(2024, 10, 1)),
        SimpleNamespace(started_on=date(2025, 1, 1), ended_on=date(2025, 2, 1)),
    ]
    assert experience_months(claims) == 10  # 9 months, then 1


@pytest.mark.django_db
def test_rules_that_could_never_be_met_are_refused(standard):
    other = make_framework("Another standard")
    foundation = standard.foundation
    assert "competency" in ladder.competency_rule_errors(
        level=foundation, competency=competency(other, "A1.1"), min_level=level(other, 2)
    )
    assert "min_level" in ladder.competency_rule_errors(
        level=foundation,
        competency=competency(standard.framework, "A1.1"),
        min_level=level(other, 2),
    )
    assert "min_level" in ladder.competency_rule_errors(
        level=foundation,
        competency=competency(standard.framework, "A1.1"),
        min_level=level(standard.framework, 0),
    )
    assert not ladder.competency_rule_errors(
        level=foundation,
        competency=competency(standard.framework, "A1.1"),
        min_level=level(standard.framework, 3),
    )
    # The exam has questions on A1.1, A1.2 and A2.1 only: a unit on A1 is possible, on A2.2
    # (no question) never; no unit before the exam is chosen.
    intermediate = standard.intermediate
    assert not ladder.exam_unit_errors(
        level=intermediate, competency=competency(standard.framework, "A1")
    )
    assert "competency" in ladder.exam_unit_errors(
        level=intermediate, competency=competency(standard.framework, "A2.2")
    )
    assert "competency" in ladder.exam_unit_errors(
        level=foundation, competency=competency(standard.framework, "A1")
    )
    units = list(intermediate.exam_units.all())
    assert not ladder.blueprint_errors(units)
    units[0].weight = 50
    assert ladder.blueprint_errors(units) == [
        "The units' weights add up to 90%; make them add up to 100%."
    ]
