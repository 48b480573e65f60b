"""Competency frameworks as 1EdTech CASE 1.1 objects (Competencies and Academic Standards
Exchange): a CFPackage of one CFDocument, its CFItems, the CFAssociations between them and the
CFItemTypes they use, and the same objects standalone, as the CASE REST endpoints serve them.

The framework is the CFDocument (its description in `notes`: CASE's document has no
`description`) and each competency a CFItem (fullStatement = title, notes = description,
humanCodingScheme = code, CFItemType "Area" at the top and "Competency" below); the tree is one
"isChildOf" association per item, to its parent item or, at the top, to the document, with
sequenceNumber its 1-based position among its siblings. Identifiers are the framework's and
competencies' uuids; an isChildOf association's is its item's uuid XOR CHILD_OF_MASK (reversible:
the association's id names its item, found in one indexed query), an item type's a uuid5 of its
name, so exporting twice gives the same package. Every `uri` is the object's CASE REST path
under `{base_url}/ims/case/v1p1/`, which answers it.

CASE's schema tells the package classes (CFPckgDocument, CFPckgItem, CFPckgAssociation) from
the standalone ones: only a standalone CFDocument has CFPackageURI (required), only a standalone
CFItem or CFAssociation has CFDocumentURI; neither may appear in a package.
"""

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings

from competencies import selectors
from competencies.models import Competency, CompetencyFramework, FrameworkStatus

CASE_PATH = "/ims/case/v1p1"
CREATOR = "Crossborder Academy"  # CASE requires a creator; a framework without publisher is ours
ADOPTION_STATUS = {
    FrameworkStatus.DRAFT: "Draft",
    FrameworkStatus.PUBLISHED: "Adopted",
    FrameworkStatus.RETIRED: "Deprecated",
}
CHILD_OF = "isChildOf"
# Fixed forever: exported packages carry the association identifiers derived with it. Its version
# nibble and variant bits are zero, so an identifier keeps its item uuid's version and variant.
CHILD_OF_MASK = 0x5A3C9E1F_7B2D_0E4A_3F61_C8D2E5B7A904


class ItemType(NamedTuple):
    title: str
    description: str
    hierarchy_code: str

    @property
    def identifier(self) -> uuid.UUID:
        return uuid.uuid5(ITEM_TYPE_NAMESPACE, self.title)


# Fixed forever: item type identifiers derive from it, and exported packages carry them.
ITEM_TYPE_NAMESPACE = uuid.UUID("5d0c8a4e-3f5b-4d0e-9a59-6c1b7e2f4a10")
ITEM_TYPES_CHANGED = "2026-12-01T00:00:00Z"  # when the definitions below last changed
AREA = ItemType("Area", "A top-level area of a competency framework.", "1")
COMPETENCY = ItemType("Competency", "A competency within an area or another competency.", "1.1")
ITEM_TYPES = {item_type.identifier: item_type for item_type in (AREA, COMPETENCY)}


def framework_to_case(
    framework: CompetencyFramework,
    *,
    base_url: str | None = None,
    competencies: list[Competency] | None = None,
) -> dict:
    """The framework as a CASE 1.1 CFPackage, ready for json.dumps. `competencies`: the
    framework's, in tree order, if already read (else one query)."""
    links = CaseLinks(base_url)
    if competencies is None:
        competencies = list(framework.competencies.order_by("tree_path"))
    changed = _timestamp(framework.updated_at)
    items = {c.pk: links.link(c.title, "CFItems", c.uuid) for c in competencies}
    document = links.link(framework.title, "CFDocuments", framework.uuid)
    positions = _sibling_positions(competencies)
    used_types = {item_type(c).identifier: item_type(c) for c in competencies}
    return {
        "CFDocument": _document(framework, links),
        "CFItems": [_item(c, framework, links) for c in competencies],
        "CFAssociations": [
            _child_of(
                c,
                origin=items[c.pk],
                destination=items[c.parent_id] if c.parent_id else document,
                sequence=positions[c.pk],
                links=links,
                changed=changed,
            )
            for c in competencies
        ],
        "CFDefinitions": {
            "CFItemTypes": [item_type_to_case(t, links) for t in used_types.values()]
        },
    }


def document_to_case(framework: CompetencyFramework, *, base_url: str | None = None) -> dict:
    """The standalone CFDocument, with the link to its package."""
    links = CaseLinks(base_url)
    package = links.link(framework.title, "CFPackages", framework.uuid)
    return {**_document(framework, links), "CFPackageURI": package}


def competency_to_case(competency: Competency, *, base_url: str | None = None) -> dict:
    """The standalone CFItem (its framework loaded with it), with the link to its document."""
    links = CaseLinks(base_url)
    framework = competency.framework
    document = links.link(framework.title, "CFDocuments", framework.uuid)
    return {**_item(competency, framework, links), "CFDocumentURI": document}


def child_of_to_case(
    competency: Competency, *, sequence: int, base_url: str | None = None, standalone: bool
) -> dict:
    """The competency's isChildOf association (its framework and parent loaded with it);
    `standalone` adds the link to the document."""
    links = CaseLinks(base_url)
    framework = competency.framework
    document = links.link(framework.title, "CFDocuments", framework.uuid)
    parent = competency.parent
    association = _child_of(
        competency,
        origin=links.link(competency.title, "CFItems", competency.uuid),
        destination=links.link(parent.title, "CFItems", parent.uuid) if parent else document,
        sequence=sequence,
        links=links,
        changed=_timestamp(framework.updated_at),
    )
    return {**association, "CFDocumentURI": document} if standalone else association


def item_associations_to_case(competency: Competency, *, base_url: str | None = None) -> dict:
    """CASE's CFAssociationSet for an item (loaded with framework and parent): the CFItem, its
    isChildOf association and its children's, which point at it (two queries)."""
    children = selectors.children_in_tree_order(competency)
    for child in children:
        child.framework, child.parent = competency.framework, competency
    own = (competency, selectors.sibling_position(competency))
    associations = [own, *((child, number) for number, child in enumerate(children, 1))]
    return {
        "CFItem": competency_to_case(competency, base_url=base_url),
        "CFAssociations": [
            child_of_to_case(c, sequence=sequence, base_url=base_url, standalone=False)
            for c, sequence in associations
        ],
    }


def item_type_to_case(item_type: ItemType, links: "CaseLinks | None" = None) -> dict:
    links = links or CaseLinks()
    return {
        "identifier": str(item_type.identifier),
        "uri": links.uri("CFItemTypes", item_type.identifier),
        "title": item_type.title,
        "description": item_type.description,
        "hierarchyCode": item_type.hierarchy_code,
        "typeCode": item_type.title.lower(),
        "lastChangeDateTime": ITEM_TYPES_CHANGED,
    }


def item_type(competency: Competency) -> ItemType:
    return AREA if competency.parent_id is None else COMPETENCY


def child_of_identifier(competency_uuid: uuid.UUID) -> uuid.UUID:
    """The identifier of the competency's isChildOf association."""
    return uuid.UUID(int=competency_uuid.int ^ CHILD_OF_MASK)


def child_of_item(identifier: uuid.UUID) -> uuid.UUID:
    """The uuid of the competency whose isChildOf association has this identifier (the
    inverse of child_of_identifier: XOR twice is the identity)."""
    return uuid.UUID(int=identifier.int ^ CHILD_OF_MASK)


class CaseLinks:
    """URIs of CASE objects on this site: `base_url` (default settings.SITE_URL), never the
    address a request came in on, so that every copy of a package names the same objects."""

    def __init__(self, base_url: str | None = None):
        self.root = (base_url or settings.SITE_URL).rstrip("/") + CASE_PATH

    def uri(self, collection: str, identifier: uuid.UUID) -> str:
        return f"{self.root}/{collection}/{identifier}"

    def link(self, title: str, collection: str, identifier: uuid.UUID) -> dict:
        """A LinkURI: title, identifier and the URI that answers it."""
        return {
            "title": title,
            "identifier": str(identifier),
            "uri": self.uri(collection, identifier),
        }


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _document(framework: CompetencyFramework, links: CaseLinks) -> dict:
    return {
        "identifier": str(framework.uuid),
        "uri": links.uri("CFDocuments", framework.uuid),
        "caseVersion": "1.1",
        "creator": framework.publisher or CREATOR,
        "title": framework.title,
        "lastChangeDateTime": _timestamp(framework.updated_at),
        "publisher": framework.publisher,
        "notes": framework.description,
        "language": framework.language,
        "version": framework.version,
        "adoptionStatus": ADOPTION_STATUS[framework.status],
    }


def _item(competency: Competency, framework: CompetencyFramework, links: CaseLinks) -> dict:
    kind = item_type(competency)
    return {
        "identifier": str(competency.uuid),
        "uri": links.uri("CFItems", competency.uuid),
        "fullStatement": competency.statement or competency.title,
        **({"abbreviatedStatement": competency.title} if competency.statement else {}),
        "notes": competency.description,
        "humanCodingScheme": competency.code,
        "listEnumeration": str(competency.order),
        "CFItemType": kind.title,
        "CFItemTypeURI": links.link(kind.title, "CFItemTypes", kind.identifier),
        "language": framework.language,
        "lastChangeDateTime": _timestamp(framework.updated_at),
    }


def _sibling_positions(competencies: list[Competency]) -> dict[int, int]:
    """Each competency's 1-based position among its siblings, given them in tree order."""
    counts: dict[int | None, int] = defaultdict(int)
    positions = {}
    for competency in competencies:
        counts[competency.parent_id] += 1
        positions[competency.pk] = counts[competency.parent_id]
    return positions


def _child_of(
    competency: Competency,
    *,
    origin: dict,
    destination: dict,
    sequence: int,
    links: CaseLinks,
    changed: str,
) -> dict:
    identifier = child_of_identifier(competency.uuid)
    return {
        "identifier": str(identifier),
        "uri": links.uri("CFAssociations", identifier),
        "associationType": CHILD_OF,
        "sequenceNumber": sequence,
        "originNodeURI": origin,
        "destinationNodeURI": destination,
        "lastChangeDateTime": changed,
    }
