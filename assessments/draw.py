"""Which questions an attempt gets, in which order, with which choice order."""

import random
import secrets
from collections import defaultdict

from django.db.models import F

from assessments.models import CHOICE_KINDS, Assessment, QuestionVersion


def draw(assessment: Assessment, rng: random.Random) -> list[QuestionVersion]:
    """The pool's current versions: all of them in bank order, or `draw_count` at random,
    spread evenly across competencies when asked; shuffled when the assessment says so."""
    # Bank order is sorted here, not by the database: collations differ (PostgreSQL's locale
    # order, SQLite's code points), and a seeded draw must pick the same questions on both.
    pool = sorted(
        QuestionVersion.objects.filter(
            question__assessments=assessment, question__current_version=F("pk")
        ).select_related("question"),
        key=_bank_order,
    )
    count = assessment.draw_count
    if count and count < len(pool):
        pool = (
            _spread(pool, count, rng) if assessment.draw_per_competency else rng.sample(pool, count)
        )
        pool.sort(key=_bank_order)
    if assessment.shuffle_questions:
        rng.shuffle(pool)
    return pool


def _bank_order(version: QuestionVersion) -> tuple[str, int]:
    return version.question.title, version.question_id


def _spread(pool: list[QuestionVersion], count: int, rng: random.Random) -> list[QuestionVersion]:
    """Round-robin over competencies, so each is drawn as evenly as the pool allows."""
    groups = defaultdict(list)
    for version in pool:
        groups[version.competency_id].append(version)
    for group in groups.values():
        rng.shuffle(group)
    order = list(groups)
    rng.shuffle(order)
    drawn: list[QuestionVersion] = []
    while len(drawn) < count:
        for key in order:
            if groups[key] and len(drawn) < count:
                drawn.append(groups[key].pop())
    return drawn


def choice_tokens(version: QuestionVersion, kind: str, *, shuffle: bool, rng: random.Random):
    """Opaque tokens for this attempt's choices, in the order the learner will see them."""
    if kind not in CHOICE_KINDS:
        return []
    keys = [choice["key"] for choice in version.choices]
    if shuffle:
        rng.shuffle(keys)
    return [{"token": secrets.token_urlsafe(9), "key": key} for key in keys]
