"""Competency frameworks in other systems' formats: Moodle's CSV (`moodle_csv`) and
1EdTech CASE 1.1 JSON packages (`case`).

Rules every import follows:
- The whole file is validated first; FrameworkImportError lists every problem with where it is.
- Nothing is saved unless everything is valid; then the framework, its proficiency scale and its
  competencies are created in one transaction, as a draft (`framework_save`).
- A CASE package whose document is a framework here updates it in place instead
  (`framework_update`): competencies are matched by uuid, created, updated, moved or removed, and
  removing one that something uses is refused.
- Writes are batched (BATCH rows a statement), so a framework of thousands of competencies costs
  a few dozen queries; tree paths are rebuilt with `framework_tree_rebuild`, as after any change.

This module holds what both formats share: the competencies read from a file, and saving them.
"""

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from competencies.interchange.errors import FrameworkImportError
from competencies.models import Competency, CompetencyFramework, ProficiencyLevel
from competencies.services import BATCH, competency_uses, framework_tree_rebuild
from core.bidi import isolate

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
    statement: str = ""  # the full statement, when the title is a short form of it
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
    _create(framework, competencies, {})
    framework_tree_rebuild(framework=framework)
    return framework


def _create(
    framework: CompetencyFramework, drafts: list[CompetencyDraft], ids: dict[str, int]
) -> None:
    """Create the drafts, a generation at a time: a draft's parent is in `ids` (key → id), or
    among the drafts. Adds the new ids to `ids`. ValueError if some parent is neither (callers
    pass a validated tree, so that is a bug; without the check the loop would never end)."""
    pending = drafts
    while pending:
        generation = [d for d in pending if d.parent_key is None or d.parent_key in ids]
        if not generation:
            orphans = ", ".join(sorted(d.key for d in pending)[:5])
            raise ValueError(f"Drafts whose parent is neither saved nor among them: {orphans}")
        pending = [d for d in pending if not (d.parent_key is None or d.parent_key in ids)]
        rows = Competency.objects.bulk_create(
            [_competency(framework, draft, ids) for draft in generation], batch_size=BATCH
        )
        ids.update((draft.key, row.pk) for draft, row in zip(generation, rows, strict=True))


def _competency(framework: CompetencyFramework, draft: CompetencyDraft, ids) -> Competency:
    return Competency(
        framework=framework,
        parent_id=ids[draft.parent_key] if draft.parent_key else None,
        uuid=draft.uuid,
        **_content(draft),
    )


CONTENT = ("code", "title", "statement", "description")  # what "updated" means


def _content(draft: CompetencyDraft) -> dict:
    return {
        "code": draft.code,
        "title": draft.title,
        "statement": draft.statement,
        "description": draft.description,
        "order": draft.order,
    }


CREATED = ngettext_lazy("%(count)d competency created", "%(count)d competencies created", "count")
UPDATED = ngettext_lazy("%(count)d competency updated", "%(count)d competencies updated", "count")
MOVED = ngettext_lazy("%(count)d competency moved", "%(count)d competencies moved", "count")
REORDERED = ngettext_lazy(
    "%(count)d competency reordered among its siblings",
    "%(count)d competencies reordered among their siblings",
    "count",
)
REMOVED = ngettext_lazy("%(count)d competency removed", "%(count)d competencies removed", "count")


@dataclass
class ImportReport:
    """What an import did: the framework, whether it is new, and the competencies by outcome
    (each as "code title"). Moved: to another parent; reordered: only its place among its
    siblings changed (as when a sibling before it moves away)."""

    framework: CompetencyFramework
    framework_created: bool
    framework_changed: list[str] = field(default_factory=list)  # names of the fields changed
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    reordered: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    NAMED = 3  # competencies named in the summary per outcome

    @classmethod
    def of_new(
        cls, framework: CompetencyFramework, competencies: list[CompetencyDraft]
    ) -> "ImportReport":
        """The report of a framework `framework_save` created."""
        return cls(framework, True, created=[_name(draft) for draft in competencies])

    def summary(self) -> str:
        """One paragraph for the admin: counts, and the first few competencies of each."""
        title = isolate(self.framework.title)
        if self.framework_created:
            parts = [_("Imported “%(title)s” as a draft.") % {"title": title}]
        else:
            parts = [_("Updated “%(title)s” in place.") % {"title": title}]
            if self.framework_changed:
                parts.append(
                    _("Changed: %(fields)s.") % {"fields": ", ".join(self.framework_changed)}
                )
        for names, message in (
            (self.created, CREATED),
            (self.updated, UPDATED),
            (self.moved, MOVED),
            (self.reordered, REORDERED),
            (self.removed, REMOVED),
        ):
            if names:
                shown = "; ".join(isolate(name) for name in names[: self.NAMED])
                more = "; …" if len(names) > self.NAMED else ""
                parts.append(f"{message % {'count': len(names)}} ({shown}{more}).")
        if not self.framework_created:
            parts.append(
                ngettext(
                    "%(count)d competency unchanged.",
                    "%(count)d competencies unchanged.",
                    self.unchanged,
                )
                % {"count": self.unchanged}
            )
        return " ".join(parts)


@transaction.atomic
def framework_update(
    *, framework: CompetencyFramework, competencies: list[CompetencyDraft]
) -> ImportReport:
    """Make a framework's tree the given one (a sound tree, parents before children), matching
    competencies by uuid: those not given are removed, unless something uses them; then
    FrameworkImportError names each with what uses it, and nothing is saved. `framework` carries
    the new field values, unsaved. Its scale and status are kept.

    Locking, so that the check of uses holds until the delete:
    - the framework row, FOR UPDATE: one import of a framework at a time; the second waits,
      then reads what the first saved;
    - the competencies to remove, FOR UPDATE, before their uses are looked up. On PostgreSQL the
      check of a foreign key (at the insert or update of a row that points at a competency, or
      at commit, Django's constraints being deferred) locks the competency FOR KEY SHARE, which
      conflicts: a new use (a learner's level, whose foreign key cascades; a lesson's, which
      would be set null) waits for the import, then fails as its competency is gone, instead of
      vanishing with it. (SQLite takes its one write lock at BEGIN, so nothing can come between.)
    A use that reaches the delete anyway (PROTECT or RESTRICT) is reported as the check reports
    it, not raised."""
    stored = CompetencyFramework.objects.select_for_update().get(pk=framework.pk)
    existing = {
        c.uuid: c
        for c in Competency.objects.filter(framework=framework).only(
            "id", "uuid", "parent", *CONTENT, "order"
        )
    }
    given = {draft.uuid for draft in competencies}
    removed = [c for key, c in existing.items() if key not in given]
    _lock(removed)
    _refuse_removing_used(removed)
    report = ImportReport(
        framework=framework,
        framework_created=False,
        framework_changed=_framework_save_changes(framework, stored),
        removed=[_name(c) for c in removed],
    )
    # Drafts name their parents by key: the kept ones' ids first, then the new ones'.
    ids = {d.key: existing[d.uuid].pk for d in competencies if d.uuid in existing}
    new = [draft for draft in competencies if draft.uuid not in existing]
    _create(framework, new, ids)
    report.created = [_name(draft) for draft in new]
    changed, fields = [], set()
    for draft in competencies:
        row = existing.get(draft.uuid)
        if row is None:
            continue
        parent_id = ids[draft.parent_key] if draft.parent_key else None
        wanted = _content(draft) | {"parent_id": parent_id}
        differs = {name for name, value in wanted.items() if getattr(row, name) != value}
        if differs & set(CONTENT):
            report.updated.append(_name(draft))
        if "parent_id" in differs:
            report.moved.append(_name(draft))
        elif "order" in differs:
            report.reordered.append(_name(draft))
        if differs:
            for name in differs:
                setattr(row, name, wanted[name])
            changed.append(row)
            fields |= differs
        else:
            report.unchanged += 1
    if changed:
        Competency.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
    _remove(removed)  # after the moves, so that a kept child is not deleted with its old parent
    framework_tree_rebuild(framework=framework)
    return report


def _name(competency: Competency | CompetencyDraft) -> str:
    return f"{competency.code} {competency.title}"


def _framework_save_changes(
    framework: CompetencyFramework, stored: CompetencyFramework
) -> list[str]:
    """Save the fields an import sets that differ from the stored ones; their names."""
    names = [
        name
        for name in ("title", "publisher", "version", "language", "description")
        if getattr(stored, name) != getattr(framework, name)
    ]
    if names:
        framework.save(update_fields=[*names, "updated_at"])
    return [str(CompetencyFramework._meta.get_field(name).verbose_name) for name in names]


def _lock(competencies: list[Competency]) -> None:
    """Lock these competencies' rows until the transaction ends (see `framework_update`)."""
    if competencies:
        pks = [c.pk for c in competencies]
        list(Competency.objects.select_for_update().filter(pk__in=pks).values_list("pk"))


def _remove(removed: list[Competency]) -> None:
    """Delete these competencies (locked, and checked unused). Should the delete meet a use
    anyway, a PROTECT or RESTRICT foreign key, FrameworkImportError names it as the check does."""
    if not removed:
        return
    try:
        Competency.objects.filter(pk__in=[c.pk for c in removed]).delete()
    except (ProtectedError, RestrictedError):
        _refuse_removing_used(removed)
        raise  # a use competency_uses does not count: a bug to fix there


def _refuse_removing_used(removed: list[Competency]) -> None:
    """FrameworkImportError naming each competency the import would remove although something
    uses it (courses, lessons, questions, roles, learners' levels, level ladders)."""
    uses = competency_uses(competency_ids=[c.pk for c in removed])
    if uses:
        raise FrameworkImportError(
            [
                _(
                    "CFItems: no item is %(identifier)s (%(competency)s), but that competency "
                    "cannot be removed, as it is in use: %(uses)s. Keep it in the file, or "
                    "remove those uses first."
                )
                % {"identifier": c.uuid, "competency": _name(c), "uses": uses[c.pk]}
                for c in removed
                if c.pk in uses
            ]
        )
