"""Levels on the pages core.page_cache keeps: a ladder shows on its role's page (a standard's
page), and a learner's applications, results and credentials on their own pages."""

from accounts import api as accounts
from competencies.api import STANDARDS_PAGES
from core import page_cache


def register() -> None:
    from levels.models import (
        ExamResult,
        ExamUnit,
        ExperienceClaim,
        LevelApplication,
        LevelCompetency,
        LevelCourse,
        LevelCredential,
        LevelEquivalence,
        RoleLevel,
    )

    page_cache.invalidate_on_change(
        RoleLevel,
        LevelCompetency,
        LevelCourse,
        ExamUnit,
        LevelEquivalence,
        namespaces=[STANDARDS_PAGES],
    )
    page_cache.invalidate_on_change(
        LevelApplication,
        ExamResult,
        ExperienceClaim,
        LevelCredential,
        namespaces=lambda row: [accounts.learner_pages(row.user_id)],
    )
