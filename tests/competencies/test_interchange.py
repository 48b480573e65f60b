import csv
import io
import json
import re
import uuid
from datetime import datetime
from urllib.parse import urlparse

import pytest

from competencies.interchange.case_export import framework_to_case
from competencies.interchange.case_import import framework_from_case
from competencies.interchange.errors import FrameworkImportError
from competencies.interchange.moodle_csv import (
    HEADER,
    OLDER_HEADER,
    framework_from_moodle_csv,
    framework_to_moodle_csv,
)
from competencies.models import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
)
from competencies.services import framework_tree_rebuild

pytestmark = pytest.mark.django_db

BASE_URL = "https://academy.example/"
LEVELS = [("Not yet", False), ("Foundation", False), ("Proficient", True), ("Advanced", False)]
# (code, title, description, children); descriptions carry commas, quotes, new lines and scripts
TREE = [
    ("LG", "Logistics", "Moving goods across borders.", [
        ("LG.1", "Incoterms", "Chooses the Incoterm, and says why.", [
            ("LG.1.1", "Quote with an Incoterm", 'Writes "FOB Shanghai" or "DAP Lyon".', []),
            ("LG.1.2", "Explain risk transfer", "Line one.\nLine two, with a comma.", []),
        ]),
        ("LG.2", "Customs", "Dédouanement: HS codes, 关税 and duties.", []),
    ]),
    ("PY", "Payments", "", [
        ("PY.1", "Foreign exchange risk", "", []),
        ("PY.2", 'Chargebacks, disputes and "friendly fraud"', "Uses **Markdown**.", []),
    ]),
]  # fmt: skip


def make_framework(title: str = "Cross-border Trade Standard") -> CompetencyFramework:
    """Four levels (Proficient is the threshold) and eight competencies three levels deep."""
    framework = CompetencyFramework.objects.create(
        title=title,
        publisher="Crossborder Academy",
        version="2.1",
        language="fr",
        description='The **standard**, with "quotes", commas,\nand a second line.',
        status=FrameworkStatus.PUBLISHED,
    )
    for rank, (name, proficient) in enumerate(LEVELS):
        ProficiencyLevel.objects.create(
            framework=framework, rank=rank, name=name, is_proficient=proficient
        )
    add_competencies(framework, None, TREE)
    framework_tree_rebuild(framework=framework)
    return framework


def add_competencies(framework, parent, nodes) -> None:
    # Last sibling first, so that only `order` puts them in order.
    for order, (code, title, description, children) in reversed(list(enumerate(nodes, 1))):
        competency = Competency.objects.create(
            framework=framework,
            parent=parent,
            code=code,
            title=title,
            description=description,
            order=order,
        )
        add_competencies(framework, competency, children)


def levels(framework) -> list[tuple]:
    return [
        (level.rank, level.name, level.is_proficient) for level in framework.levels.order_by("rank")
    ]


def tree(framework) -> list[tuple]:
    """Every competency in tree order: code, title, description, parent's code, order, depth."""
    return [
        (c.code, c.title, c.description, c.parent.code if c.parent else None, c.order, c.depth)
        for c in framework.competencies.select_related("parent").order_by("tree_path")
    ]


def nothing_saved() -> bool:
    return not (
        CompetencyFramework.objects.exists()
        or ProficiencyLevel.objects.exists()
        or Competency.objects.exists()
    )


# Moodle CSV ------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def moodle_text(*rows: dict, extra: str = "") -> str:
    """A Moodle CSV file; each row is a dict of its non-empty columns, by header name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.get(column, "") for column in HEADER])
    return buffer.getvalue() + extra


FRAMEWORK_ROW = {
    "ID number": "TS",
    "Short name": "Trade Standard",
    "Description format": "4",
    "Scale values": "Not yet,Proficient",
    "Scale configuration": '[{"scaleid":"1"},{"id":2,"scaledefault":1,"proficient":1}]',
    "Is framework": "1",
}


def competency_row(code: str, title: str, parent: str = "", **columns) -> dict:
    return {
        "Parent ID number": parent,
        "ID number": code,
        "Short name": title,
        "Description format": "4",
        "Is framework": "0",
        **columns,
    }


def test_moodle_export_writes_the_framework_row_then_competencies_parents_first(
    django_assert_num_queries,
):
    framework = make_framework()

    with django_assert_num_queries(2):  # the levels; the competencies in tree order
        rows = csv_rows(framework_to_moodle_csv(framework))

    assert rows[0] == HEADER
    assert rows[1] == [
        "",
        str(framework.uuid),
        "Cross-border Trade Standard",
        framework.description,
        "4",
        "Not yet,Foundation,Proficient,Advanced",
        '[{"scaleid":"0"},{"id":1,"scaledefault":0,"proficient":0},'
        '{"id":2,"scaledefault":0,"proficient":0},{"id":3,"scaledefault":1,"proficient":1},'
        '{"id":4,"scaledefault":0,"proficient":1}]',
        "",
        "",
        "",
        "",
        "",
        "1",
        "competency,competency,competency",
    ]
    assert [row[:3] for row in rows[2:]] == [
        ["", "LG", "Logistics"],
        ["LG", "LG.1", "Incoterms"],
        ["LG.1", "LG.1.1", "Quote with an Incoterm"],
        ["LG.1", "LG.1.2", "Explain risk transfer"],
        ["LG", "LG.2", "Customs"],
        ["", "PY", "Payments"],
        ["PY", "PY.1", "Foreign exchange risk"],
        ["PY", "PY.2", 'Chargebacks, disputes and "friendly fraud"'],
    ]
    assert rows[3][3:] == [
        "Chooses the Incoterm, and says why.",
        *["4", "", "", "", "", "null", "", "2", "0", ""],
    ]
    assert [row[11] for row in rows[2:]] == [str(number) for number in range(1, 9)]


def test_a_moodle_file_survives_export_and_import_into_an_empty_database():
    original = make_framework()
    text = framework_to_moodle_csv(original)
    expected = (original.title, original.description, levels(original), tree(original))
    CompetencyFramework.objects.all().delete()

    imported = framework_from_moodle_csv(text)

    assert (imported.title, imported.description, levels(imported), tree(imported)) == expected
    assert (imported.status, imported.publisher, imported.version, imported.language) == (
        FrameworkStatus.DRAFT,
        "",
        "",
        "en",
    )
    # The framework's Id number was its uuid, free again here: the file comes back identical.
    assert imported.uuid == original.uuid
    assert framework_to_moodle_csv(imported) == text


def test_importing_a_moodle_file_beside_its_original_gives_a_copy_with_a_new_uuid():
    original = make_framework()
    text = framework_to_moodle_csv(original)

    imported = framework_from_moodle_csv(text)

    assert imported.uuid != original.uuid
    assert tree(imported) == tree(original) and levels(imported) == levels(original)
    assert framework_to_moodle_csv(imported).replace(str(imported.uuid), "ID") == text.replace(
        str(original.uuid), "ID"
    )


def test_a_file_written_by_moodle_imports():
    # As Moodle writes it: several values flagged proficient, HTML descriptions, rules and
    # cross-references (ignored here), and here a child listed before its parent.
    text = moodle_text(
        {
            **FRAMEWORK_ROW,
            "Description": "<p>From <b>Moodle</b></p>",
            "Description format": "1",
            "Scale values": "Not competent, Competent, Expert",
            "Scale configuration": '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1},'
            '{"id":3,"scaledefault":0,"proficient":1}]',
            "Taxonomy": "domain,skill",
        },
        competency_row("S1.1", "Sub-skill", parent="S1", **{"Exported id (optional)": "12"}),
        competency_row(
            "S1",
            "Skill",
            **{
                "Rule type (optional)": "core_competency\\competency_rule_all",
                "Rule outcome (optional)": "1",
                "Rule config (optional)": "null",
                "Cross referenced competency id numbers": "S2",
                "Is framework": "",
            },
        ),
        competency_row("S2", "Other skill", Description="Plain", **{"Description format": "2"}),
    )

    framework = framework_from_moodle_csv(text)

    assert framework.title == "Trade Standard"
    assert levels(framework) == [
        (0, "Not competent", False),
        (1, "Competent", True),
        (2, "Expert", False),
    ]
    assert tree(framework) == [
        ("S1", "Skill", "", None, 1, 0),
        ("S1.1", "Sub-skill", "", "S1", 1, 1),
        ("S2", "Other skill", "Plain", None, 2, 0),
    ]


def test_moodle_import_reports_every_error_with_its_row_and_saves_nothing():
    text = moodle_text(
        {
            **FRAMEWORK_ROW,
            "Short name": "",
            "Description format": "3",
            "Scale values": "Low,,High",
            "Scale configuration": "{not json",
        },
        competency_row("", "No code"),
        competency_row("A", "Alpha", parent="B"),
        competency_row("B", "Beta", parent="A"),
        competency_row("A", "Alpha again"),
        competency_row("C", "x" * 201, parent="MR"),
        competency_row("D" * 101, "Delta"),
        competency_row("F\n1", "Foxtrot"),
        FRAMEWORK_ROW,
        competency_row("E", "Echo", **{"Is framework": "yes"}),
        extra="too,few,columns\r\n",
    )

    with pytest.raises(FrameworkImportError) as caught:
        framework_from_moodle_csv(text)

    assert caught.value.errors == [
        "row 2: Short name is empty",
        "row 2: Description format must be 0, 1, 2 or 4 (Markdown), not '3'",
        "row 2: scale value 2 is empty",
        "row 2: Scale configuration is not valid JSON",
        "row 3: ID number is empty",
        "row 4: 'A' would be inside itself: A → B → A",
        "row 6: ID number 'A' is already used on row 4",
        "row 7: Short name is longer than 200 characters",
        "row 7: parent id number 'MR' is not in the file",
        "row 8: ID number is longer than 100 characters",
        "row 9: ID number has a line break or control character",
        "row 10: a second framework row (the first is row 2); a file holds one framework",
        "row 11: Is framework must be 1 or 0, not 'yes'",
        "row 12: has 3 columns instead of 14",
    ]
    assert nothing_saved()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "",
            "row 1: the header must be Moodle's: " + ", ".join(HEADER) + " (or its older wording)",
        ),
        ("Id number,Shortname\r\nA,Alpha\r\n", "row 1: the header must be Moodle's: "),
        (
            moodle_text(competency_row("A", "Alpha")),
            "there is no framework row (a row with Is framework = 1)",
        ),
        (
            moodle_text({**FRAMEWORK_ROW, "Scale values": " "}),
            "row 2: Scale values is empty: the framework needs a scale",
        ),
        (
            moodle_text({**FRAMEWORK_ROW, "Scale configuration": '[{"id":2,"proficient":1}]'}),
            'row 2: Scale configuration must be a JSON list that starts with {"scaleid": …}',
        ),
        (
            moodle_text({**FRAMEWORK_ROW, "Scale configuration": '[{"scaleid":1},{"id":3}]'}),
            'row 2: Scale configuration: {"id": 3} is not {"id": 1 to 2, "scaledefault": 0 or 1',
        ),
        (
            moodle_text(
                {
                    **FRAMEWORK_ROW,
                    "Scale values": "A,B,C,D",
                    "Scale configuration": '[{"scaleid":"1"},{"id":2,"proficient":1},'
                    '{"id":4,"proficient":1}]',
                }
            ),
            "row 2: Scale configuration: more than one proficient level: the values flagged "
            "proficient (2, 4) must be one value and every value above it",
        ),
    ],
    ids=[
        "empty",
        "wrong header",
        "no framework",
        "no scale",
        "no scale id",
        "bad entry",
        "two proficient",
    ],
)
def test_moodle_import_refuses_a_file_without_a_sound_framework_row(text, error):
    with pytest.raises(FrameworkImportError) as caught:
        framework_from_moodle_csv(text)

    assert len(caught.value.errors) == 1 and caught.value.errors[0].startswith(error)
    assert nothing_saved()


# CASE 1.1 --------------------------------------------------------------------------------------

# CASE 1.1's UUID: lower-case hexadecimal 8-4-4-4-12, versions 1 to 5, RFC 4122 variant.
CASE_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
# The fields of CASE 1.1's classes (information model, section 7.1) and their types: required,
# then optional. CFPackageURI and CFDocumentURI belong to the standalone CFDocument, CFItem and
# CFAssociation; the package classes (CFPckgDocument, CFPckgItem, CFPckgAssociation) omit them.
LINK_URI = ({"title": str, "identifier": "uuid", "uri": "uri"}, {})
LINK_GEN_URI = ({"title": str, "identifier": str, "uri": "uri"}, {"targetType": str})
CF_DOCUMENT = (
    {
        "identifier": "uuid",
        "uri": "uri",
        "creator": str,
        "title": str,
        "lastChangeDateTime": "datetime",
    },
    {
        "frameworkType": str,
        "caseVersion": str,
        "officialSourceURL": "uri",
        "publisher": str,
        "subject": list,
        "subjectURI": list,
        "language": str,
        "version": str,
        "adoptionStatus": str,
        "statusStartDate": str,
        "statusEndDate": str,
        "licenseURI": LINK_URI,
        "notes": str,
        "extensions": dict,
    },
)
CF_ITEM = (
    {
        "identifier": "uuid",
        "fullStatement": str,
        "uri": "uri",
        "lastChangeDateTime": "datetime",
    },
    {
        "alternativeLabel": str,
        "CFItemType": str,
        "humanCodingScheme": str,
        "listEnumeration": str,
        "abbreviatedStatement": str,
        "conceptKeywords": list,
        "conceptKeywordsURI": LINK_URI,
        "notes": str,
        "subject": list,
        "subjectURI": list,
        "language": str,
        "educationLevel": list,
        "CFItemTypeURI": LINK_URI,
        "licenseURI": LINK_URI,
        "statusStartDate": str,
        "statusEndDate": str,
        "extensions": dict,
    },
)
CF_ASSOCIATION = (
    {
        "identifier": "uuid",
        "associationType": str,
        "uri": "uri",
        "originNodeURI": LINK_GEN_URI,
        "destinationNodeURI": LINK_GEN_URI,
        "lastChangeDateTime": "datetime",
    },
    {
        "sequenceNumber": int,
        "CFAssociationGroupingURI": LINK_URI,
        "notes": str,
        "extensions": dict,
    },
)
ADOPTION_STATUSES = {"Private Draft", "Draft", "Adopted", "Deprecated"}
ASSOCIATION_TYPES = {
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
}


def field_problems(value, fields: tuple[dict, dict], path: str) -> list[str]:
    """Missing required fields, fields CASE 1.1 does not define, and values of the wrong type."""
    if not isinstance(value, dict):
        return [f"{path}: not an object"]
    required, optional = fields
    problems = [f"{path}.{name}: missing" for name in required if name not in value]
    for name, field_value in value.items():
        kind = required.get(name, optional.get(name))
        where = f"{path}.{name}"
        if kind is None:
            problems.append(f"{where}: not a CASE 1.1 field")
        elif isinstance(kind, tuple):
            problems += field_problems(field_value, kind, where)
        elif not is_of_kind(field_value, kind):
            name = kind if isinstance(kind, str) else kind.__name__
            problems.append(f"{where}: not {name}: {field_value!r}")
    return problems


def is_of_kind(value, kind) -> bool:
    if kind == "uuid":
        return isinstance(value, str) and CASE_UUID.fullmatch(value) is not None
    if kind == "uri":
        return isinstance(value, str) and bool(urlparse(value).scheme and urlparse(value).netloc)
    if kind == "datetime":
        try:
            return datetime.fromisoformat(value).tzinfo is not None
        except (TypeError, ValueError):
            return False
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def case_problems(package: dict) -> list[str]:
    """Why a CFPackage is not valid CASE 1.1 with a sound isChildOf tree; empty if it is."""
    unknown = set(package) - {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions"}
    problems = [f"{name}: not a CFPackage field" for name in sorted(unknown)]
    document = package.get("CFDocument")
    items = package.get("CFItems", [])
    associations = package.get("CFAssociations", [])
    problems += field_problems(document, CF_DOCUMENT, "CFDocument")
    for index, item in enumerate(items):
        problems += field_problems(item, CF_ITEM, f"CFItems[{index}]")
    for index, association in enumerate(associations):
        problems += field_problems(association, CF_ASSOCIATION, f"CFAssociations[{index}]")
    if problems:
        return problems

    if document.get("caseVersion", "1.1") != "1.1":
        problems.append("CFDocument.caseVersion: not 1.1")
    if document.get("adoptionStatus", "Draft") not in ADOPTION_STATUSES:
        problems.append("CFDocument.adoptionStatus: not a CASE adoption status")
    nodes = {item["identifier"]: item for item in items}
    identifiers = [document["identifier"], *nodes, *(a["identifier"] for a in associations)]
    if len(set(identifiers)) != len(identifiers):
        problems.append("identifiers: not unique")
    parents: dict[str, list] = {identifier: [] for identifier in nodes}
    for index, association in enumerate(associations):
        path = f"CFAssociations[{index}]"
        if association["associationType"] not in ASSOCIATION_TYPES:
            problems.append(f"{path}.associationType: not a CASE association type")
        origin = association["originNodeURI"]["identifier"]
        destination = association["destinationNodeURI"]["identifier"]
        if origin not in nodes:
            problems.append(f"{path}.originNodeURI: no such item")
        if destination not in nodes and destination != document["identifier"]:
            problems.append(f"{path}.destinationNodeURI: no such item or document")
        if association["associationType"] == "isChildOf" and origin in parents:
            parents[origin].append((destination, association.get("sequenceNumber")))
    for identifier, found in parents.items():
        if len(found) != 1:
            problems.append(f"item {identifier}: {len(found)} isChildOf associations, not 1")
    siblings: dict[str, list] = {}
    for found in parents.values():
        for destination, sequence in found:
            siblings.setdefault(destination, []).append(sequence)
    for destination, sequences in siblings.items():
        if sorted(sequences) != list(range(1, len(sequences) + 1)):
            problems.append(f"children of {destination}: sequence numbers {sequences}")
    return problems


def without(value, names: set[str]):
    """The JSON value without the named fields, wherever they are."""
    if isinstance(value, dict):
        return {k: without(v, names) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [without(v, names) for v in value]
    return value


def case_imported(package) -> CompetencyFramework:
    """The framework a CASE package creates or updates, by someone who may change any."""
    return framework_from_case(package, may_update=lambda framework: True).framework


def exported(framework) -> dict:
    """The package as another system receives it: through JSON text."""
    return json.loads(json.dumps(framework_to_case(framework, base_url=BASE_URL)))


def framework_fields(framework) -> tuple:
    return (
        framework.title,
        framework.description,
        framework.publisher,
        framework.version,
        framework.language,
    )


def test_case_export_is_a_valid_case_1_1_package(django_assert_num_queries):
    framework = make_framework()

    with django_assert_num_queries(1):  # the competencies in tree order
        package = exported(framework)

    assert case_problems(package) == []
    document = package["CFDocument"]
    assert document["identifier"] == str(framework.uuid)
    assert document["uri"] == f"https://academy.example/ims/case/v1p1/CFDocuments/{framework.uuid}"
    assert "CFPackageURI" not in document  # only the standalone CFDocument has it
    assert (document["adoptionStatus"], document["creator"], document["language"]) == (
        "Adopted",
        "Crossborder Academy",
        "fr",
    )
    first, second = package["CFItems"][:2]
    assert (first["humanCodingScheme"], first["CFItemType"], second["CFItemType"]) == (
        "LG",
        "Area",
        "Competency",
    )
    assert (second["fullStatement"], second["notes"]) == (
        "Incoterms",
        "Chooses the Incoterm, and says why.",
    )
    assert framework_to_case(framework, base_url=BASE_URL) == package  # stable identifiers


def test_the_case_checker_finds_what_is_wrong():
    package = exported(make_framework())
    del package["CFDocument"]["title"]
    package["CFItems"][0]["identifier"] = "LG"
    package["CFItems"][1]["sequence"] = 1
    package["CFAssociations"][2]["sequenceNumber"] = "1"

    assert case_problems(package) == [
        "CFDocument.title: missing",
        "CFItems[0].identifier: not uuid: 'LG'",
        "CFItems[1].sequence: not a CASE 1.1 field",
        "CFAssociations[2].sequenceNumber: not int: '1'",
    ]

    package = exported(make_framework("Another"))
    package["CFAssociations"].append({**package["CFAssociations"][1], "sequenceNumber": 1})
    package["CFAssociations"][-1]["identifier"] = str(uuid.uuid4())
    assert case_problems(package) == [
        f"item {package['CFItems'][1]['identifier']}: 2 isChildOf associations, not 1",
        f"children of {package['CFItems'][0]['identifier']}: sequence numbers [1, 1, 2]",
    ]


def test_a_case_package_survives_export_and_import_into_an_empty_database():
    original = make_framework()
    package = exported(original)
    expected = (framework_fields(original), tree(original))
    CompetencyFramework.objects.all().delete()

    imported = case_imported(package)

    assert (framework_fields(imported), tree(imported)) == expected
    assert imported.status == FrameworkStatus.DRAFT
    assert levels(imported) == [
        (0, "Not yet", False),
        (1, "Foundation", False),
        (2, "Proficient", True),
        (3, "Advanced", False),
    ]
    # Identifiers were free again, so they are kept; only the status and times differ.
    changing = {"adoptionStatus", "lastChangeDateTime"}
    assert without(exported(imported), changing) == without(package, changing)


def test_importing_a_case_package_beside_items_it_shares_gives_them_new_uuids():
    original = make_framework()
    # Another document with the same items.
    package = json.loads(
        json.dumps(exported(original)).replace(str(original.uuid), str(uuid.uuid4()))
    )

    imported = case_imported(package)

    assert tree(imported) == tree(original)
    assert imported.uuid != original.uuid
    assert not set(imported.competencies.values_list("uuid", flat=True)) & set(
        original.competencies.values_list("uuid", flat=True)
    )


def test_associations_other_than_is_child_of_are_ignored():
    original = make_framework()
    package = exported(original)
    items = package["CFItems"]
    link = package["CFAssociations"][0]["originNodeURI"]
    elsewhere = {
        "title": "Elsewhere",
        "identifier": str(uuid.uuid4()),
        "uri": "https://x.example/1",
    }
    for association_type, origin, destination in [
        ("isRelatedTo", link, package["CFAssociations"][5]["originNodeURI"]),
        ("exactMatchOf", link, elsewhere),
        ("ext:prerequisiteOf", elsewhere, link),
    ]:
        package["CFAssociations"].append(
            {
                "identifier": str(uuid.uuid4()),
                "uri": f"https://academy.example/associations/{len(items)}",
                "associationType": association_type,
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": "2025-01-24T10:00:00+00:00",
            }
        )
    expected = tree(original)
    CompetencyFramework.objects.all().delete()

    assert tree(case_imported(package)) == expected


def test_a_case_package_from_another_tool_gets_codes_order_and_publisher_filled_in():
    document = {
        "identifier": str(uuid.uuid4()),
        "uri": "https://case.example/doc",
        "creator": "Ministry of Trade",
        "title": "Export skills",
        "lastChangeDateTime": "2024-05-01T08:00:00Z",
        "language": "en-GB",
    }

    def item(name: str, **fields) -> dict:
        return {
            "identifier": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
            "uri": f"https://case.example/{name}",
            "fullStatement": name.title(),
            "lastChangeDateTime": "2024-05-01T08:00:00Z",
            **fields,
        }

    items = [
        item("area a", listEnumeration="A"),
        item("area b"),
        item("a child", notes="Derived code"),
        item("a coded child", humanCodingScheme="D-1"),
        item("orphan"),  # no isChildOf: at the top, after the numbered ones
    ]

    def child_of(child: dict, parent: dict, sequence: int | None = None) -> dict:
        association = {
            "identifier": str(uuid.uuid4()),
            "uri": "https://case.example/association",
            "associationType": "isChildOf",
            "originNodeURI": {"title": "", "identifier": child["identifier"], "uri": child["uri"]},
            "destinationNodeURI": {
                "title": "",
                "identifier": parent["identifier"].upper(),  # UUIDs compare without case
                "uri": parent["uri"],
            },
            "lastChangeDateTime": "2024-05-01T08:00:00Z",
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        return association

    associations = [
        child_of(items[0], document, 2),
        child_of(items[1], document, 1),
        child_of(items[2], items[0]),
        child_of(items[3], items[0], 1),
    ]

    framework = case_imported(
        {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
    )

    # Any language, not only the site's: British English stays British English.
    assert framework_fields(framework) == ("Export skills", "", "Ministry of Trade", "", "en-GB")
    assert str(framework.uuid) == document["identifier"]
    assert tree(framework) == [
        ("1", "Area B", "", None, 1, 0),
        ("A", "Area A", "", None, 2, 0),
        ("D-1", "A Coded Child", "", "A", 1, 1),
        ("A.2", "A Child", "Derived code", "A", 2, 1),
        ("3", "Orphan", "", None, 3, 0),
    ]


def test_case_import_reports_every_error_with_its_path_and_saves_nothing():
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    document, items, associations = (
        package["CFDocument"],
        package["CFItems"],
        package["CFAssociations"],
    )
    del document["title"]
    document["language"] = "deutsch"  # a name, not a tag
    del items[1]["fullStatement"]
    items[2]["humanCodingScheme"] = "X" * 101
    items[3]["identifier"] = "LG.1.2"
    items[4]["lastChangeDateTime"] = "yesterday"
    items[7]["identifier"] = document["identifier"]
    associations[0]["sequenceNumber"] = "1"
    associations[1]["destinationNodeURI"] = associations[2]["originNodeURI"]  # LG.1 in LG.1.1
    associations[4]["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    associations.append(
        {
            **associations[6],
            "identifier": str(uuid.uuid4()),
            "destinationNodeURI": associations[0]["originNodeURI"],
        }
    )

    with pytest.raises(FrameworkImportError) as caught:
        case_imported(package)

    assert [error.split(": ", 1)[0] for error in caught.value.errors] == [
        "CFDocument.title",
        "CFDocument.language",
        "CFItems[1].fullStatement",
        "CFItems[2].humanCodingScheme",
        "CFItems[3].identifier",
        "CFItems[4].lastChangeDateTime",
        "CFAssociations[0].sequenceNumber",
        "CFItems[7].identifier",
        "CFAssociations[3].originNodeURI.identifier",  # LG.1.2's identifier was changed
        "CFAssociations[4].destinationNodeURI.identifier",
        "CFAssociations[7].originNodeURI.identifier",  # PY.2's identifier was changed
        "CFAssociations[8]",
        "CFAssociations[1]",
    ]
    assert "CFItems[1].fullStatement: required" in caught.value.errors
    assert (
        "CFDocument.language: “deutsch” is not a valid language tag. "
        "Use a BCP 47 tag such as en, pt-BR, kk or zh-Hans." in caught.value.errors
    )
    assert (
        "CFAssociations[8]: CFItems[6] already has a parent, from CFAssociations[6]"
        in caught.value.errors
    )
    assert (
        "CFAssociations[1]: the isChildOf associations form a cycle: "
        "CFItems[1] → CFItems[2] → CFItems[1]" in caught.value.errors
    )
    duplicate = f"{document['identifier']} is also the identifier of CFDocument"
    assert f"CFItems[7].identifier: {duplicate}" in caught.value.errors
    assert nothing_saved()


@pytest.mark.parametrize(
    ("package", "errors"),
    [
        ([], ["package: must be a JSON object (a CFPackage)"]),
        ({"CFItems": {}}, ["CFDocument: required", "CFItems: must be a list"]),
    ],
)
def test_case_import_refuses_what_is_not_a_package(package, errors):
    with pytest.raises(FrameworkImportError) as caught:
        case_imported(package)

    assert caught.value.errors == errors


def test_case_import_keeps_codes_used_twice_once_derived():
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    del package["CFItems"][5]["humanCodingScheme"]  # PY, second at the top: derived "2"
    package["CFItems"][6]["humanCodingScheme"] = "2"  # PY.1

    framework = case_imported(package)

    assert [c.code for c in framework.competencies.filter(code="2")] == ["2", "2"]


def test_the_cycle_check_walks_each_link_of_a_deep_tree_once():
    from competencies.interchange import parent_cycle

    chain = {str(i): (str(i - 1) if i else None) for i in range(5_000)}
    rooted: set[str] = set()
    assert all(parent_cycle(key, chain, rooted) is None for key in chain)
    assert rooted == set(chain)
    loop = {"a": "b", "b": "a", "c": "a"}
    assert parent_cycle("a", loop, set()) == ["a", "b", "a"]
    assert parent_cycle("c", loop, set()) is None  # leads into a loop it is not part of


@pytest.mark.parametrize(
    ("given", "stored"), [("de", "de"), ("pt-BR", "pt-BR"), ("pt-br", "pt-BR"), ("kk", "kk")]
)
def test_a_case_package_in_any_language_imports_and_exports_its_tag(given, stored):
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    package["CFDocument"]["language"] = given

    framework = case_imported(package)

    assert framework.language == stored
    again = exported(framework)
    assert again["CFDocument"]["language"] == stored
    assert {item["language"] for item in again["CFItems"]} == {stored}
    assert case_problems(again) == []


def test_moodle_import_reads_the_older_header_wording_too():
    older = moodle_text(FRAMEWORK_ROW, competency_row("A1", "Sourcing")).replace(
        ",".join(HEADER), ",".join(OLDER_HEADER), 1
    )
    assert older.startswith("Parent id number,Id number,Shortname,")
    framework = framework_from_moodle_csv(older)
    assert [c.code for c in framework.competencies.all()] == ["A1"]


def test_moodle_export_refuses_a_scale_with_no_proficient_level_and_keeps_long_id_numbers():
    framework = make_framework()
    leaf = framework.competencies.filter(children=None).first()
    framework.competencies.filter(pk=leaf.pk).update(code="A" * 100)
    exported_text = framework_to_moodle_csv(framework)
    assert csv_rows(exported_text)[0][:3] == ["Parent ID number", "ID number", "Short name"]
    assert "A" * 100 in exported_text
    framework.levels.update(is_proficient=False)
    with pytest.raises(ValueError, match="Moodle needs a proficient scale value"):
        framework_to_moodle_csv(framework)
