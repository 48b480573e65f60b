"""Scoring a level exam by its blueprint: plain arithmetic on graded answers, no queries.

Each unit is an area of the framework (a competency and everything below it) with a weight and a
minimum. A unit's score is the share of its questions' points the learner earned; the exam's score
is the weighted mean of the units; it passes when that reaches the pass mark and every unit
reaches its minimum. Answers to questions outside every unit do not count.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Unit:
    name: str
    framework_id: int
    tree_path: str
    weight: int
    min_percent: int

    def covers(self, framework_id: int | None, tree_path: str | None) -> bool:
        return (
            framework_id == self.framework_id
            and tree_path is not None
            and (tree_path == self.tree_path or tree_path.startswith(self.tree_path + "/"))
        )


@dataclass(frozen=True)
class Score:
    percent: Decimal
    passed: bool
    units: list[dict]


def _percent(earned: Decimal, available: Decimal) -> Decimal:
    if not available:
        return Decimal(0)
    return (100 * earned / available).quantize(HUNDREDTH, ROUND_HALF_UP)


def score_attempt(units: list[Unit], items, *, pass_mark: int) -> Score:
    """`items`: the attempt's graded answers (`framework_id`, `tree_path`, `score`,
    `max_points`). A unit with no question in the attempt scores 0."""
    rows = []
    weighted = Decimal(0)
    for unit in units:
        covered = [item for item in items if unit.covers(item.framework_id, item.tree_path)]
        percent = _percent(
            sum((item.score for item in covered), Decimal(0)),
            sum((item.max_points for item in covered), Decimal(0)),
        )
        weighted += percent * unit.weight
        rows.append(
            {
                "name": unit.name,
                "weight": unit.weight,
                "min_percent": unit.min_percent,
                "percent": str(percent),
                "passed": percent >= unit.min_percent,
            }
        )
    total_weight = sum(unit.weight for unit in units)
    percent = (weighted / total_weight).quantize(HUNDREDTH, ROUND_HALF_UP) if units else Decimal(0)
    passed = bool(units) and percent >= pass_mark and all(row["passed"] for row in rows)
    return Score(percent, passed, rows)


def best_score(units: list[Unit], items, *, pass_mark: int) -> tuple[int, Score] | None:
    """The best of the attempts the items belong to: a pass first, then the higher score, then
    the later attempt. None when no attempt is graded."""
    by_attempt: dict[int, list] = {}
    for item in items:
        by_attempt.setdefault(item.attempt_id, []).append(item)
    scored = [
        (attempt_id, score_attempt(units, answers, pass_mark=pass_mark))
        for attempt_id, answers in by_attempt.items()
    ]
    if not scored:
        return None
    return max(scored, key=lambda pair: (pair[1].passed, pair[1].percent, pair[0]))
