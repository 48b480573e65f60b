from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import scoring
from assessments.models import QuestionVersion

TOKENS = [{"token": "tA", "key": "a"}, {"token": "tB", "key": "b"}, {"token": "tC", "key": "c"}]


def version(**fields):
    defaults = {"points": Decimal("2"), "choices": [], "accepted_answers": []}
    return QuestionVersion(**{**defaults, **fields})


SINGLE = version(choices=[{"key": "a", "correct": True}, {"key": "b", "correct": False}])
MULTI = version(
    choices=[
        {"key": "a", "correct": True},
        {"key": "b", "correct": True},
        {"key": "c", "correct": False},
    ]
)


@pytest.mark.parametrize(("answer", "points"), [("tA", "2.00"), ("tB", "0.00"), (None, "0.00")])
def test_single_choice(answer, points):
    assert scoring.score(SINGLE, "single", TOKENS, answer)[0] == Decimal(points)


@pytest.mark.parametrize(
    ("answer", "all_or_nothing", "partial"),
    [
        (["tA", "tB"], "2.00", "2.00"),
        (["tA"], "0.00", "1.00"),
        (["tA", "tC"], "0.00", "0.00"),  # one right minus one wrong
        (["tA", "tB", "tC"], "0.00", "1.00"),
    ],
)
def test_multiple_choice_all_or_nothing_or_partial(answer, all_or_nothing, partial):
    assert scoring.score(MULTI, "multiple", TOKENS, answer)[0] == Decimal(all_or_nothing)
    MULTI.partial_credit = True
    try:
        assert scoring.score(MULTI, "multiple", TOKENS, answer)[0] == Decimal(partial)
    finally:
        MULTI.partial_credit = False


@pytest.mark.parametrize(
    ("typed", "mode", "tolerance", "right"),
    [
        ("1234.50", "absolute", "0.5", True),
        ("1 234,9", "absolute", "0.5", True),
        ("1,234.00", "absolute", "0.5", True),
        ("1233.9", "absolute", "0.5", False),
        ("1246", "relative", "0.01", True),  # within 1% of 1234.5
        ("1247.0", "relative", "0.01", False),
        ("twelve", "absolute", "0.5", False),
    ],
)
def test_numeric_with_tolerance(typed, mode, tolerance, right):
    numeric = version(answer=Decimal("1234.5"), tolerance=Decimal(tolerance), tolerance_mode=mode)
    assert scoring.score(numeric, "numeric", [], typed)[1] is right


@pytest.mark.parametrize(
    ("typed", "right"), [("free on  BOARD", True), (" Free on board ", True), ("FOB", False)]
)
def test_short_text_ignores_case_and_spaces(typed, right):
    text = version(accepted_answers=["Free on board"])
    assert scoring.score(text, "short_text", [], typed)[1] is right


def test_an_essay_waits_for_an_instructor():
    assert scoring.score(version(), "essay", [], "My essay") == (None, None)


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("single", "not-a-token", "Pick one of the choices."),
        ("single", 3, "Pick one of the choices."),
        ("multiple", ["tA", "forged"], "Pick among the choices."),
        ("numeric", "12 apples", "Enter a number"),
        ("numeric", ["1"], "Type your answer as text."),
        ("essay", "x" * 20_001, "under 20000 characters"),
        ("essay", "a\x00b", "invalid character"),
        ("short_text", "\x00", "invalid character"),
    ],
)
def test_bad_answers_are_refused_clearly(kind, raw, message):
    with pytest.raises(ValidationError, match=message):
        scoring.clean_answer(SINGLE, kind, TOKENS, raw)
