"""The talent standards on the pages core.page_cache keeps: frameworks, their competencies,
levels and roles are shown on the framework, role, course and catalog pages."""

from accounts import api as accounts
from core import page_cache

STANDARDS_PAGES = "competencies"  # the namespace of every page showing a published standard


def register() -> None:
    """Every save or delete of a standard retires those pages. (An imported framework is a
    draft, shown nowhere until it is published, which saves it.)"""
    from competencies.models import (
        Competency,
        CompetencyFramework,
        LearnerGoal,
        ProficiencyLevel,
        RoleRequirement,
        TargetRole,
    )

    page_cache.invalidate_on_change(
        CompetencyFramework,
        ProficiencyLevel,
        Competency,
        TargetRole,
        RoleRequirement,
        namespaces=[STANDARDS_PAGES],
    )
    page_cache.invalidate_on_change(
        LearnerGoal, namespaces=lambda goal: [accounts.learner_pages(goal.user_id)]
    )
