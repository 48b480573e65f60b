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
CFDocument, published by its publisher (else its creator); a new one is a draft that keeps the
document's and items' identifiers as uuids when no framework or competency here uses them yet,
and gets DEFAULT_SCALE (CASE has no proficiency scale). The document's `language` is any BCP 47
tag (`de`, `pt-BR`), kept in canonical form and exported as it is stored; without one, the tag
all items share, else English. Items' tags are checked, but a framework has one language.
"""

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

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
            return "must be text"
        if not blank and not value.strip():
            return "must not be empty"
        if max_length is not None and len(value) > max_length:
            return f"is longer than {max_length} characters"
        return None

    return check


def _uuid(value: object) -> str | None:
    if isinstance(value, str) and UUID_PATTERN.fullmatch(value):
        return None
    return "must be a UUID (8-4-4-4-12 hexadecimal digits)"


def _datetime(value: object) -> str | None:
    problem = "must be an ISO 8601 date and time"
    if not isinstance(value, str):
        return problem
    try:
        return None if parse_datetime(value) else problem
    except ValueError:  # well formed but impossible, like a 13th month
        return problem


def _integer(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return "must be a whole number"


def _language(value: object) -> str | None:
    """Any BCP 47 tag (CASE's `language`), not only this site's interface languages."""
    if not isinstance(value, str):
        return "must be text"
    if value.strip():
        try:
            language_tag_canonical(value)
        except ValidationError as error:
            return " ".join(error.messages)
    return None


REQUIRED, OPTIONAL = True, False
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
        errors.append(f"{path}: must be an object")
        return False
    valid = True
    for name, (kind, required) in fields.items():
        where = f"{path}.{name}"
        if value.get(name) is None:
            if required:
                errors.append(f"{where}: required")
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

    competencies, derived = _competencies(items, tree, existing)
    _check_codes(competencies, derived, paths, errors)
    if errors:
        raise FrameworkImportError(errors)
    framework = _framework(document, items, existing)
    if existing is not None:
        return framework_update(framework=framework, competencies=competencies)
    framework_save(
        framework=framework,
        levels=[
            ProficiencyLevel(rank=rank, name=name, is_proficient=proficient)
            for rank, (name, proficient) in enumerate(DEFAULT_SCALE)
        ],
        competencies=competencies,
    )
    return ImportReport.of_new(framework, competencies)


def _framework_to_update(
    document: dict, may_update: Callable[[CompetencyFramework], bool], errors: list[str]
) -> CompetencyFramework | None:
    """The framework whose uuid is the document's identifier, if there is one; reported if the
    importing user may not change it."""
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
        raise FrameworkImportError(["package: must be a JSON object (a CFPackage)"])
    document = package.get("CFDocument")
    if document is None:
        errors.append("CFDocument: required")
    else:
        _check(document, DOCUMENT, "CFDocument", errors)
    lists = []
    for name in ("CFItems", "CFAssociations"):
        value = package.get(name)
        if value is None:
            value = []
        elif not isinstance(value, list):
            errors.append(f"{name}: must be a list")
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
            errors.append(
                f"{path}.identifier: {identifier} is also the identifier of {seen[identifier]}"
            )
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
            errors.append(f"{path}.originNodeURI.identifier: no item of this package has it")
        if not known_parent:
            errors.append(
                f"{path}.destinationNodeURI.identifier: neither an item nor the document "
                "of this package has it"
            )
        if not (known_child and known_parent):
            continue
        if child in source:
            errors.append(f"{path}: {paths[child]} already has a parent, from {source[child]}")
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
            errors.append(f"{path}: the isChildOf associations form a cycle: {chain}")
    return tree


def _competencies(
    items: list[dict], tree: Tree, framework: CompetencyFramework | None
) -> tuple[list[CompetencyDraft], set[str]]:
    """Items as competencies of `framework` (None: a new one), parents first, and the
    identifiers of those whose code was derived.

    Siblings are ordered by sequenceNumber, then file order. An item without humanCodingScheme
    gets its parent's code, a dot and its listEnumeration (else its position): "2.1.3"."""
    children: dict[str | None, list[tuple[int, str, dict]]] = defaultdict(list)
    for index, item in enumerate(items):
        identifier = item["identifier"].lower()
        children[tree.parents.get(identifier)].append((index, identifier, item))
    taken = _taken_uuids(items, framework)
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
                    uuid=uuid.uuid4() if identifier in taken else uuid.UUID(identifier),
                )
            )
            add_children(identifier)

    add_children(None)
    return drafts, derived


def _taken_uuids(items: list[dict], framework: CompetencyFramework | None) -> set[str]:
    """Item identifiers that competencies of other frameworks already use as their uuid."""
    wanted = [item["identifier"].lower() for item in items]
    taken = Competency.objects.filter(uuid__in=wanted)
    if framework is not None:
        taken = taken.exclude(framework=framework)
    return {str(value) for value in taken.values_list("uuid", flat=True)}


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
        path, code = paths[competency.key], competency.code
        if competency.key in derived:
            what = f"{path}: the code {code!r} derived for it (it has no humanCodingScheme)"
        else:
            what = f"{path}.humanCodingScheme: {code!r}"
        if len(code) > CODE_MAX:
            errors.append(f"{what} is longer than {CODE_MAX} characters")
        elif CODE_FORBIDDEN.search(code):
            errors.append(f"{what} has a line break or control character")


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
