"""What other apps may use from competencies. Everything else in competencies is internal.

Other apps read the standards through these selectors and change them only through these
services; the model classes are here for reading, typing and foreign keys, never to write around
the services.
"""

from competencies.cached_pages import STANDARDS_PAGES
from competencies.models import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
)
from competencies.selectors import (
    competencies_in_tree_order,
    competency_ancestors,
    competency_choices,
    descendant_ids,
    learner_goal,
    published_competency,
    published_competency_by_code,
    published_framework,
    published_frameworks,
    published_roles,
    roles_requiring,
)
from competencies.services import (
    framework_set_status,
    framework_tree_rebuild,
    learner_goal_set,
    level_of_competency_error,
    role_requirement_save,
)

__all__ = [
    "STANDARDS_PAGES",
    "Competency",
    "CompetencyFramework",
    "FrameworkStatus",
    "ProficiencyLevel",
    "RoleRequirement",
    "TargetRole",
    "competencies_in_tree_order",
    "competency_ancestors",
    "competency_choices",
    "descendant_ids",
    "framework_set_status",
    "framework_tree_rebuild",
    "learner_goal",
    "learner_goal_set",
    "level_of_competency_error",
    "published_competency",
    "published_competency_by_code",
    "published_framework",
    "published_frameworks",
    "published_roles",
    "role_requirement_save",
    "roles_requiring",
]
