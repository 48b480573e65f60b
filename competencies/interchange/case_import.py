"""Competency frameworks from 1EdTech CASE 1.1 packages (see `case_export` for the mapping).

A package whose CFDocument identifier is a framework here updates that framework in place
(`framework_update`: each CFItem identifier is a competency's uuid); any other creates a draft.

Import checks the fields this site uses, and the ones CASE requires, for presence and type and
reports each problem with its JSON path. Only "isChildOf" associations build the tree; others
(exactMatchOf, isRelatedTo, ext:…) may point anywhere and are ignored. An item with no
isChildOf association is at the top; one with two parents, or a cycle, is an error. Siblings are
ordered by sequenceNumber, then file order. An item without humanCodingScheme gets a code
derived from its parent's code and its listEnumeration (else its position), e.g. "2.1.3"; codes
may repeat, as in CASE (the identifier is the key). A fullStatement of any length is kept whole
as the competency's statement; its title is the abbreviatedStatement if it fits, else the
statement shortened at a word (`title_from_statement`). The framework is titled from the
CFDocument, published by its publisher (else its creator); a new one is a draft whose uuid is the
document's identifier, and gets DEFAULT_SCALE (CASE has no proficiency scale). An item's
competency has the item's identifier as its uuid unless a competency of another framework has
it; then uuid5(document identifier, item identifier), the same on every import of the document
(`_competency_uuids`). The document's `language` is any BCP 47 tag (`de`, `pt-BR`), kept in
canonical form and exported as it is stored; without one, the tag all items share, else English.
Items' tags are checked, but a framework has one language.
"""

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies.interchange import (
    CODE_MAX,
    PUBLISHER_MAX,
    TITLE_MAX,
    VERSION_MAX,
    CompetencyDraft,
    ImportReport,
    framework_save,
    framework_update,
    parent_cycle,
)
from competencies.interchange.case_export import CHILD_OF
from competencies.interchange.errors import FrameworkImportError
from competencies.models import (
    CODE_FORBIDDEN,
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
)
from core.bidi import isolate
from core.language_tags import language_tag_canonical

DEFAULT_SCALE = [  # (name, is_proficient) from rank 0 up
    ("Not yet", False),
    ("Foundation", False),
    ("Proficient", True),
    ("Advanced", False),
]


# Import: field checks --------------------------------------------------------------------------

Check = Callable[[object], str | None]  # a problem with a value, or None
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _text(max_length: int | None = None, *, blank: bool = True) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return _("must be text")
        if not blank and not value.strip():
            return _("must not be empty")
        if max_length is not None and len(value) > max_length:
            return _("is longer than %(max)d characters") % {"max": max_length}
        return None

    return check


def _uuid(value: object) -> str | None:
    if isinstance(value, str) and UUID_PATTERN.fullmatch(value):
        return None
    return _("must be a UUID (8-4-4-4-12 hexadecimal digits)")


def _datetime(value: object) -> str | None:
    problem = _("must be an ISO 8601 date and time")
    if not isinstance(value, str):
        return problem
    try:
        return None if parse_datetime(value) else problem
    except ValueError:  # well formed but impossible, like a 13th month
        return problem


def _integer(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return _("must be a whole number")


def _language(value: object) -> str | None:
    """Any BCP 47 tag (CASE's `language`), not only this site's interface languages."""
    if not isinstance(value, str):
        return _("must be text")
    if value.strip():
        try:
            language_tag_canonical(value)
        except ValidationError as error:
            return " ".join(error.messages)
    return None


REQUIRED, OPTIONAL = True, False
REQUIRED_PROBLEM = gettext_lazy("required")  # a field that is missing, or null
LINK = {"title": (_text(), REQUIRED), "identifier": (_text(), REQUIRED), "uri": (_text(), REQUIRED)}
DOCUMENT = {
    "identifier": (_uuid, REQUIRED),
    "uri": (_text(), REQUIRED),
    "creator": (_text(PUBLISHER_MAX), REQUIRED),
    "title": (_text(TITLE_MAX, blank=False), REQUIRED),
    "lastChangeDateTime": (_datetime, REQUIRED),
    "publisher": (_text(PUBLISHER_MAX), OPTIONAL),
    "description": (_text(), OPTIONAL),
    "notes": (_text(), OPTIONAL),
    "language": (_language, OPTIONAL),
    "version": (_text(VERSION_MAX), OPTIONAL),
}
ITEM = {
    "identifier": (_uuid, REQUIRED),
    "uri": (_text(), REQUIRED),
    "fullStatement": (_text(blank=False), REQUIRED),
    "lastChangeDateTime": (_datetime, REQUIRED),
    "abbreviatedStatement": (_text(), OPTIONAL),
    "humanCodingScheme": (_text(CODE_MAX), OPTIONAL),
    "listEnumeration": (_text(), OPTIONAL),
    "notes": (_text(), OPTIONAL),
    "language": (_language, OPTIONAL),
}
ASSOCIATION = {
    "identifier": (_uuid, REQUIRED),
    "uri": (_text(), REQUIRED),
    "associationType": (_text(), REQUIRED),
    "originNodeURI": (LINK, REQUIRED),
    "destinationNodeURI": (LINK, REQUIRED),
    "lastChangeDateTime": (_datetime, REQUIRED),
    "sequenceNumber": (_integer, OPTIONAL),
}


def _check(value: object, fields: dict, path: str, errors: list[str]) -> bool:
    """Report each required field that is missing (or null) and each field of the wrong kind;
    True if there was no problem. A field described by a dict is an object checked in turn."""
    if not isinstance(value, dict):
        problem = _("must be an object")
        errors.append(f"{path}: {problem}")
        return False
    valid = True
    for name, (kind, required) in fields.items():
        where = f"{path}.{name}"
        if value.get(name) is None:
            if required:
                errors.append(f"{where}: {REQUIRED_PROBLEM}")
                valid = False
        elif isinstance(kind, dict):
            valid = _check(value[name], kind, where, errors) and valid
        elif (problem := kind(value[name])) is not None:
            errors.append(f"{where}: {problem}")
            valid = False
    return valid


# Import ----------------------------------------------------------------------------------------


def framework_from_case(
    package: dict, *, may_update: Callable[[CompetencyFramework], bool]
) -> ImportReport:
    """Import a CASE CFPackage (parsed JSON): update the framework whose uuid is the document's
    identifier, if `may_update` allows it, else create a draft. Raise FrameworkImportError listing
    every problem with its JSON path; then nothing is saved.

    Codes are checked once everything else is valid, as derived codes depend on the tree."""
    errors: list[str] = []
    document, items, associations = _package_parts(package, errors)
    well_formed = []
    for index, item in enumerate(items):
        _check(item, ITEM, f"CFItems[{index}]", errors)
    for index, association in enumerate(associations):
        if _check(association, ASSOCIATION, f"CFAssociations[{index}]", errors):
            well_formed.append((index, association))
    paths = _item_paths(document, items, errors)
    tree = _tree(paths, _identifier(document), well_formed, errors)
    existing = _framework_to_update(document, may_update, errors)
    if errors:
        raise FrameworkImportError(errors)

    uuids = _competency_uuids(list(paths), uuid.UUID(document["identifier"]), existing)
    competencies, derived = _competencies(items, tree, uuids)
    _check_codes(competencies, derived, paths, errors)
    if errors:
        raise FrameworkImportError(errors)
    framework = _framework(document, items, existing)
    if existing is not None:
        return framework_update(framework=framework, competencies=competencies)
    return _framework_create(framework, competencies)


def _framework_create(
    framework: CompetencyFramework, competencies: list[CompetencyDraft]
) -> ImportReport:
    """Save a new framework with DEFAULT_SCALE. Another import that saved the same framework (or
    competencies with the same uuids) since they were looked up makes the save fail on a unique
    uuid: reported as FrameworkImportError. Importing again then updates that framework, or gives
    the items it shares substitute uuids."""
    try:
        framework_save(
            framework=framework,
            levels=[
                ProficiencyLevel(rank=rank, name=name, is_proficient=proficient)
                for rank, (name, proficient) in enumerate(DEFAULT_SCALE)
            ],
            competencies=competencies,
        )
    except IntegrityError:
        if not _saved_meanwhile(framework, competencies):
            raise
        raise FrameworkImportError(
            [
                _(
                    "CFDocument.identifier: another import saved this framework, or some of its "
                    "items, while this file was being imported, so nothing was saved. Import the "
                    "file again."
                )
            ]
        ) from None
    return ImportReport.of_new(framework, competencies)


def _saved_meanwhile(framework: CompetencyFramework, competencies: list[CompetencyDraft]) -> bool:
    """Whether the framework's uuid, or one of the competencies', is now taken."""
    return (
        CompetencyFramework.objects.filter(uuid=framework.uuid).exists()
        or Competency.objects.filter(uuid__in=[draft.uuid for draft in competencies]).exists()
    )


def _framework_to_update(
    document: dict, may_update: Callable[[CompetencyFramework], bool], errors: list[str]
) -> CompetencyFramework | None:
    """The framework whose uuid is the document's identifier, if there is one; reported if the
    importing user may not change it. The identifier is the framework's identity, so a framework
    that has it is never an unrelated one to step aside for, as an item's competency does
    (`_competency_uuids`): the package is that framework's, to update or be refused."""
    identifier = _identifier(document)
    if identifier is None or _uuid(identifier) is not None:
        return None
    framework = CompetencyFramework.objects.filter(uuid=identifier).first()
    if framework is not None and not may_update(framework):
        errors.append(
            _(
                "CFDocument.identifier: this package updates the framework “%(title)s”, which "
                "you may not change."
            )
            % {"title": isolate(framework.title)}
        )
    return framework


def _package_parts(package: object, errors: list[str]) -> tuple[dict, list, list]:
    """The CFDocument (checked here) and the lists of CFItems and CFAssociations."""
    if not isinstance(package, dict):
        problem = _("must be a JSON object (a CFPackage)")
        raise FrameworkImportError([f"package: {problem}"])
    document = package.get("CFDocument")
    if document is None:
        errors.append(f"CFDocument: {REQUIRED_PROBLEM}")
    else:
        _check(document, DOCUMENT, "CFDocument", errors)
    lists = []
    for name in ("CFItems", "CFAssociations"):
        value = package.get(name)
        if value is None:
            value = []
        elif not isinstance(value, list):
            problem = _("must be a list")
            errors.append(f"{name}: {problem}")
            value = []
        lists.append(value)
    return (document if isinstance(document, dict) else {}), lists[0], lists[1]


def _identifier(node: object) -> str | None:
    """A node's identifier in the one spelling used to compare them (UUIDs ignore case)."""
    value = node.get("identifier") if isinstance(node, dict) else None
    return value.lower() if isinstance(value, str) else None


def _item_paths(document: dict, items: list, errors: list[str]) -> dict[str, str]:
    """Each valid item identifier's path, reporting identifiers used twice (the document's
    included)."""
    document_id = _identifier(document)
    seen = {document_id: "CFDocument"} if document_id else {}
    for index, item in enumerate(items):
        identifier = _identifier(item)
        if identifier is None or _uuid(identifier) is not None:
            continue
        path = f"CFItems[{index}]"
        if identifier in seen:
            problem = _("%(identifier)s is also the identifier of %(other)s") % {
                "identifier": identifier,
                "other": seen[identifier],
            }
            errors.append(f"{path}.identifier: {problem}")
        else:
            seen[identifier] = path
    seen.pop(document_id, None)
    return seen


@dataclass
class Tree:
    """Each item's parent item (None at the top) and its isChildOf sequenceNumber, if any."""

    parents: dict[str, str | None] = field(default_factory=dict)
    sequence: dict[str, int] = field(default_factory=dict)


def _tree(
    paths: dict[str, str],
    document_id: str | None,
    associations: list[tuple[int, dict]],
    errors: list[str],
) -> Tree:
    """The tree the isChildOf associations describe; other associations are ignored."""
    tree = Tree()
    source: dict[str, str] = {}  # item → the association that gave it its parent
    for index, association in associations:
        if association["associationType"] != CHILD_OF:
            continue
        path = f"CFAssociations[{index}]"
        child = _identifier(association["originNodeURI"])
        parent = _identifier(association["destinationNodeURI"])
        known_child = child in paths
        known_parent = parent in paths or parent == document_id
        if not known_child:
            problem = _("no item of this package has it")
            errors.append(f"{path}.originNodeURI.identifier: {problem}")
        if not known_parent:
            problem = _("neither an item nor the document of this package has it")
            errors.append(f"{path}.destinationNodeURI.identifier: {problem}")
        if not (known_child and known_parent):
            continue
        if child in source:
            problem = _("%(item)s already has a parent, from %(association)s") % {
                "item": paths[child],
                "association": source[child],
            }
            errors.append(f"{path}: {problem}")
            continue
        source[child] = path
        tree.parents[child] = None if parent == document_id else parent
        if "sequenceNumber" in association:
            tree.sequence[child] = association["sequenceNumber"]
    in_cycles: set[str] = set()
    rooted: set[str] = set()
    for child, path in source.items():
        cycle = None if child in in_cycles else parent_cycle(child, tree.parents, rooted)
        if cycle:
            in_cycles.update(cycle)
            chain = " → ".join(paths[identifier] for identifier in cycle)
            problem = _("the isChildOf associations form a cycle: %(chain)s") % {"chain": chain}
            errors.append(f"{path}: {problem}")
    return tree


def _competencies(
    items: list[dict], tree: Tree, uuids: dict[str, uuid.UUID]
) -> tuple[list[CompetencyDraft], set[str]]:
    """Items as competencies, with the uuids `_competency_uuids` chose, parents first, and the
    identifiers of those whose code was derived.

    Siblings are ordered by sequenceNumber, then file order. An item without humanCodingScheme
    gets its parent's code, a dot and its listEnumeration (else its position): "2.1.3"."""
    children: dict[str | None, list[tuple[int, str, dict]]] = defaultdict(list)
    for index, item in enumerate(items):
        identifier = item["identifier"].lower()
        children[tree.parents.get(identifier)].append((index, identifier, item))
    drafts: list[CompetencyDraft] = []
    codes: dict[str, str] = {}
    derived: set[str] = set()

    def add_children(parent: str | None) -> None:
        def position(entry: tuple[int, str, dict]) -> tuple[bool, int, int]:
            sequence = tree.sequence.get(entry[1])
            return sequence is None, sequence or 0, entry[0]

        for order, (_index, identifier, item) in enumerate(
            sorted(children[parent], key=position), start=1
        ):
            code = (item.get("humanCodingScheme") or "").strip()
            if not code:
                number = (item.get("listEnumeration") or "").strip() or str(order)
                code = f"{codes[parent]}.{number}" if parent else number
                derived.add(identifier)
            codes[identifier] = code
            statement = item["fullStatement"].strip()
            title = title_from_statement(statement, item.get("abbreviatedStatement"))
            drafts.append(
                CompetencyDraft(
                    key=identifier,
                    parent_key=parent,
                    code=code,
                    title=title,
                    statement="" if statement == title else statement,
                    description=item.get("notes") or "",
                    order=order,
                    uuid=uuids[identifier],
                )
            )
            add_children(identifier)

    add_children(None)
    return drafts, derived


def _competency_uuids(
    identifiers: list[str], document: uuid.UUID, framework: CompetencyFramework | None
) -> dict[str, uuid.UUID]:
    """Each item identifier's competency uuid in `framework` (None: a new one): the identifier,
    unless a competency of another framework has it; then its substitute, uuid5(document,
    identifier), which is the same on every import of the document, so that importing it again
    matches (and updates) that competency instead of removing and re-creating it. A competency
    this framework already has under either is matched, the identifier first, so a substitute
    stays when the other framework lets go of the identifier. One query, two when some item is
    new to the framework or its identifier is taken.

    A substitute that is taken too, or is the identifier of another item of the package, can only
    come from a package made to collide: that item gets a random uuid, as every import would."""
    own = {identifier: uuid.UUID(identifier) for identifier in identifiers}
    owners = _owners(list(own.values()))
    substitutes = {  # for items new to the framework, or (a new one) whose identifier is taken
        identifier: uuid.uuid5(document, identifier)
        for identifier, value in own.items()
        if (owners.get(value) != framework.pk if framework else value in owners)
    }
    owners |= _owners(list(substitutes.values()))
    held = {value for value, owner in owners.items() if framework and owner == framework.pk}
    in_package = set(own.values())

    def chosen(identifier: str) -> uuid.UUID:
        original, substitute = own[identifier], substitutes.get(identifier)
        usable = substitute is not None and substitute not in in_package
        if original in held:
            return original
        if usable and substitute in held:
            return substitute
        if original not in owners:
            return original
        if usable and substitute not in owners:
            return substitute
        return uuid.uuid4()

    return {identifier: chosen(identifier) for identifier in identifiers}


def _owners(uuids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The framework id of each competency that has one of these uuids."""
    if not uuids:
        return {}
    found = Competency.objects.filter(uuid__in=uuids).values_list("uuid", "framework_id")
    return dict(found)


ELLIPSIS = "…"


def title_from_statement(statement: str, abbreviated: str | None = None) -> str:
    """A title of at most TITLE_MAX characters on one line: the abbreviated statement if there is
    one that fits, else the statement if it fits, else the statement cut at the last word that
    fits, with an ellipsis (text without spaces, such as Chinese, is cut where it must be)."""
    for text in (abbreviated, statement):
        line = " ".join((text or "").split())
        if line and len(line) <= TITLE_MAX:
            return line
    line = " ".join(statement.split())
    room = TITLE_MAX - len(ELLIPSIS)
    cut = line[:room]
    if line[room] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + ELLIPSIS


def _check_codes(
    competencies: list[CompetencyDraft], derived: set[str], paths: dict[str, str], errors: list[str]
) -> None:
    """Codes, given or derived, must fit the model; they may repeat (CASE allows it)."""
    for competency in competencies:
        code = competency.code
        too_long = len(code) > CODE_MAX
        if not too_long and not CODE_FORBIDDEN.search(code):
            continue
        path, values = paths[competency.key], {"code": repr(code), "max": CODE_MAX}
        if competency.key in derived:
            problem = _code_problem_derived(too_long) % values
            errors.append(f"{path}: {problem}")
        else:
            problem = _code_problem_given(too_long) % values
            errors.append(f"{path}.humanCodingScheme: {problem}")


def _code_problem_derived(too_long: bool) -> str:
    """What is wrong with a code derived for an item, to fill with "code" and "max"."""
    if too_long:
        return _(
            "the code %(code)s derived for it (it has no humanCodingScheme) is longer than "
            "%(max)d characters"
        )
    return _(
        "the code %(code)s derived for it (it has no humanCodingScheme) has a line break or "
        "control character"
    )


def _code_problem_given(too_long: bool) -> str:
    """What is wrong with an item's humanCodingScheme, to fill with "code" and "max"."""
    if too_long:
        return _("%(code)s is longer than %(max)d characters")
    return _("%(code)s has a line break or control character")


def _framework(
    document: dict, items: list[dict], existing: CompetencyFramework | None
) -> CompetencyFramework:
    """The framework with the document's fields (unsaved): `existing`, or a new draft whose uuid
    is the document's identifier (no framework here has it, or it would be `existing`)."""
    framework = existing or CompetencyFramework(
        uuid=uuid.UUID(document["identifier"]), status=FrameworkStatus.DRAFT
    )
    publisher = document.get("publisher")
    framework.title = document["title"].strip()
    framework.publisher = document["creator"] if publisher is None else publisher
    framework.version = document.get("version") or ""
    framework.language = _language_of(document, items)
    # CASE 1.1's document has notes; earlier exports (and other tools) wrote a description.
    framework.description = document.get("notes") or document.get("description") or ""
    return framework


def _language_of(document: dict, items: list[dict]) -> str:
    """The document's language; without one, the one all items share; else English. (Every tag
    was checked.)"""
    tag = (document.get("language") or "").strip()
    if tag:
        return language_tag_canonical(tag)
    given = ((item.get("language") or "").strip() for item in items)
    tags = {language_tag_canonical(tag) for tag in given if tag}
    return tags.pop() if len(tags) == 1 else "en"
