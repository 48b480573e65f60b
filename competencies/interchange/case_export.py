"""Competency frameworks as 1EdTech CASE 1.1 packages (Competencies and Academic Standards
Exchange): a CFPackage of one CFDocument, its CFItems and the CFAssociations between them.

The framework is the CFDocument and each competency a CFItem (fullStatement = title,
notes = description, humanCodingScheme = code); the tree is one "isChildOf" association per
item, to its parent item or, at the top, to the document, with sequenceNumber its 1-based
position among its siblings. Identifiers are the framework's and competencies' uuids;
associations get uuid5 identifiers derived from their item's, so exporting twice gives the same
package. URIs point at `{base_url}/ims/case/v1p1/…`, the CASE REST paths. The links
CFPackageURI (on the document) and CFDocumentURI (on items and associations) are included as in
CASE's standalone CFDocument, CFItem and CFAssociation, for readers that expect them.
"""

import uuid
from collections import defaultdict
from datetime import UTC

from competencies.models import Competency, CompetencyFramework, FrameworkStatus

CREATOR = "Crossborder Academy"  # CASE requires a creator; a framework without publisher is ours
ADOPTION_STATUS = {
    FrameworkStatus.DRAFT: "Draft",
    FrameworkStatus.PUBLISHED: "Adopted",
    FrameworkStatus.RETIRED: "Deprecated",
}
CHILD_OF = "isChildOf"


def framework_to_case(framework: CompetencyFramework, *, base_url: str) -> dict:
    """The framework as a CASE 1.1 CFPackage, ready for json.dumps."""
    root = f"{base_url.rstrip('/')}/ims/case/v1p1"
    changed = framework.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = _link(framework.title, framework.uuid, f"{root}/CFDocuments/{framework.uuid}")
    competencies = list(framework.competencies.order_by("tree_path"))
    links = {c.pk: _link(c.title, c.uuid, f"{root}/CFItems/{c.uuid}") for c in competencies}
    positions = _sibling_positions(competencies)
    return {
        "CFDocument": {
            "identifier": str(framework.uuid),
            "uri": document["uri"],
            "caseVersion": "1.1",
            "creator": framework.publisher or CREATOR,
            "title": framework.title,
            "lastChangeDateTime": changed,
            "publisher": framework.publisher,
            "description": framework.description,
            "language": framework.language,
            "version": framework.version,
            "adoptionStatus": ADOPTION_STATUS[framework.status],
            "CFPackageURI": _link(
                framework.title, framework.uuid, f"{root}/CFPackages/{framework.uuid}"
            ),
        },
        "CFItems": [
            {
                "identifier": str(competency.uuid),
                "uri": links[competency.pk]["uri"],
                "fullStatement": competency.title,
                "notes": competency.description,
                "humanCodingScheme": competency.code,
                "listEnumeration": str(competency.order),
                "CFItemType": "Area" if competency.parent_id is None else "Competency",
                "language": framework.language,
                "lastChangeDateTime": changed,
                "CFDocumentURI": document,
            }
            for competency in competencies
        ],
        "CFAssociations": [
            _child_of(
                competency,
                origin=links[competency.pk],
                destination=links[competency.parent_id] if competency.parent_id else document,
                sequence=positions[competency.pk],
                root=root,
                changed=changed,
                document=document,
            )
            for competency in competencies
        ],
    }


def _link(title: str, identifier: uuid.UUID, uri: str) -> dict:
    return {"title": title, "identifier": str(identifier), "uri": uri}


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
    root: str,
    changed: str,
    document: dict,
) -> dict:
    identifier = uuid.uuid5(competency.uuid, CHILD_OF)
    return {
        "identifier": str(identifier),
        "uri": f"{root}/CFAssociations/{identifier}",
        "associationType": CHILD_OF,
        "sequenceNumber": sequence,
        "originNodeURI": origin,
        "destinationNodeURI": destination,
        "lastChangeDateTime": changed,
        "CFDocumentURI": document,
    }
