"""Competency frameworks in other systems' formats: Moodle's CSV (`moodle_csv`) and
1EdTech CASE 1.1 JSON packages (`case`).

Rules every import follows:
- The whole file is validated first; FrameworkImportError lists every problem with where it is.
- Nothing is saved unless everything is valid; then the framework, its proficiency scale and its
  competencies are created in one transaction, as a draft.
- Competency tree paths are rebuilt with `framework_tree_rebuild`, as after any change to a tree.

This module holds what both formats share: the competencies read from a file, and saving them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from django.db import transaction

from competencies.models import Competency, CompetencyFramework, ProficiencyLevel
from competencies.services import framework_tree_rebuild

# The models' limits, checked on import so that a long value is reported rather than cut.
CODE_MAX = Competency._meta.get_field("code").max_length
TITLE_MAX = Competency._meta.get_field("title").max_length
LEVEL_NAME_MAX = ProficiencyLevel._meta.get_field("name").max_length
PUBLISHER_MAX = CompetencyFramework._meta.get_field("publisher").max_length
VERSION_MAX = CompetencyFramework._meta.get_field("version").max_length


@dataclass
class CompetencyDraft:
    """A competency read from a file; `key` and `parent_key` are how the file names them."""

    key: str
    parent_key: str | None
    code: str
    title: str
    description: str
    order: int
    uuid: UUID = field(default_factory=uuid4)


def parent_cycle(key: str, parents: dict[str, str | None], rooted: set[str]) -> list[str] | None:
    """The chain key → parent → … → key if following parents from `key` leads back to it.
    `rooted` collects the keys known to lead to a root, so checking every key of a deep tree
    walks each link once."""
    chain, seen = [key], {key}
    parent = parents.get(key)
    while parent is not None and parent not in seen and parent not in rooted:
        chain.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    if parent == key:
        return [*chain, key]
    if parent is None or parent in rooted:
        rooted.update(chain)
    return None


@transaction.atomic
def framework_save(
    *,
    framework: CompetencyFramework,
    levels: list[ProficiencyLevel],
    competencies: list[CompetencyDraft],
) -> CompetencyFramework:
    """Save a validated import: the unsaved framework, its unsaved levels and the competencies
    (a sound tree), one generation at a time so that every parent exists before its children."""
    framework.save()
    for level in levels:
        level.framework = framework
    ProficiencyLevel.objects.bulk_create(levels)

    children: dict[str | None, list[CompetencyDraft]] = defaultdict(list)
    for draft in competencies:
        children[draft.parent_key].append(draft)
    saved: dict[str, Competency] = {}
    generation = children[None]
    while generation:
        rows = Competency.objects.bulk_create(
            [
                Competency(
                    framework=framework,
                    parent=saved[draft.parent_key] if draft.parent_key else None,
                    uuid=draft.uuid,
                    code=draft.code,
                    title=draft.title,
                    description=draft.description,
                    order=draft.order,
                )
                for draft in generation
            ]
        )
        saved.update(zip([draft.key for draft in generation], rows, strict=True))
        generation = [child for draft in generation for child in children[draft.key]]
    framework_tree_rebuild(framework=framework)
    return framework
