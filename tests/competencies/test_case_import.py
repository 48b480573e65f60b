"""Importing real CASE packages (issue 14): statements of any length, any BCP 47 language, codes
that repeat, and importing a framework again updates it in place.

The big test generates a package with the properties of real published ones (thousands of
items three levels deep, statements of several thousand characters, `pt-BR`, repeated codes)."""

import json
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competencies import interchange
from competencies.interchange import TITLE_MAX, CompetencyDraft
from competencies.interchange import case_import as case_import_module
from competencies.interchange.case_export import framework_to_case
from competencies.interchange.case_import import framework_from_case, title_from_statement
from competencies.interchange.errors import FrameworkImportError
from competencies.models import Competency, CompetencyFramework, FrameworkStatus
from tests.factories import UserFactory, competency, make_course, make_framework, teach

pytestmark = pytest.mark.django_db

BASE_URL = "https://academy.example"
CHANGED = "2025-03-01T09:00:00Z"
PHRASE = (
    "Planeja o desembaraço aduaneiro das mercadorias, verifica a classificação fiscal, "
    "calcula os tributos devidos e prepara a documentação exigida pelas autoridades"
)
WORDS = PHRASE.split(" ")


def anyone(framework) -> bool:
    return True


def exported(framework) -> dict:
    """The package as another system receives it: through JSON text."""
    return json.loads(json.dumps(framework_to_case(framework, base_url=BASE_URL)))


def without_item(package: dict, identifier: uuid.UUID) -> dict:
    """The package without an item and the association that placed it."""
    package["CFItems"] = [i for i in package["CFItems"] if i["identifier"] != str(identifier)]
    package["CFAssociations"] = [
        a for a in package["CFAssociations"] if a["originNodeURI"]["identifier"] != str(identifier)
    ]
    return package


def statement(number: int, length: int) -> str:
    """Portuguese-looking text of about `length` characters, different for each number."""
    words, size = [f"({number})"], 0
    while size < length:
        words.append(WORDS[(number + len(words)) % len(WORDS)])
        size += len(words[-1]) + 1
    return " ".join(words)


def node(name: str, text: str, **fields) -> dict:
    return {
        "identifier": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        "uri": f"https://standards.example/{name}",
        "fullStatement": text,
        "language": "pt-BR",
        "lastChangeDateTime": CHANGED,
        **fields,
    }


def child_of(child: dict, parent: dict, sequence: int) -> dict:
    return {
        "identifier": str(uuid.uuid5(uuid.UUID(child["identifier"]), "isChildOf")),
        "uri": "https://standards.example/association",
        "associationType": "isChildOf",
        "sequenceNumber": sequence,
        "originNodeURI": {"title": "", "identifier": child["identifier"], "uri": child["uri"]},
        "destinationNodeURI": {
            "title": "",
            "identifier": parent["identifier"],
            "uri": parent["uri"],
        },
        "lastChangeDateTime": CHANGED,
    }


def generated_package(*, areas: int = 10, competencies: int = 10, leaves: int = 49) -> dict:
    """A CFPackage of areas → competencies → leaves (5,010 items by default). Every statement is
    longer than a title may be, every fourth runs to 3,000 characters; competencies have no code
    (derived: "A1.3"), leaves repeat theirs ("K1"… under every competency)."""
    document = {
        "identifier": str(uuid.uuid5(uuid.NAMESPACE_URL, "document")),
        "uri": "https://standards.example/document",
        "creator": "Ministério do Comércio",
        "title": "Competências de comércio exterior",
        "lastChangeDateTime": CHANGED,
        "language": "pt-BR",
        "version": "2025",
    }
    items, associations = [], []
    for a in range(1, areas + 1):
        area = node(f"a{a}", statement(a, 240), humanCodingScheme=f"A{a}")
        items.append(area)
        associations.append(child_of(area, document, a))
        for c in range(1, competencies + 1):
            middle = node(f"a{a}c{c}", statement(a * 100 + c, 300))
            items.append(middle)
            associations.append(child_of(middle, area, c))
            for k in range(1, leaves + 1):
                number = len(items)
                leaf = node(
                    f"a{a}c{c}k{k}",
                    statement(number, 3000 if number % 4 == 0 else 400),
                    humanCodingScheme=f"K{k}",
                )
                items.append(leaf)
                associations.append(child_of(leaf, middle, k))
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def test_a_generated_5000_item_package_imports_and_imports_again_in_place(
    django_assert_max_num_queries,
):
    package = generated_package()
    assert len(package["CFItems"]) == 5010

    # Checks (3), the framework and its scale, 3 generations of competencies (51 statements on
    # SQLite, whose 999 parameters hold 99 rows; 11 on PostgreSQL), the tree paths (one read,
    # 16 writes of 333 rows), the framework's time: 74 on SQLite. Not one a competency.
    with django_assert_max_num_queries(80):
        report = framework_from_case(package, may_update=anyone)

    framework = report.framework
    assert report.framework_created and len(report.created) == 5010
    assert framework.language == "pt-BR" and framework.status == FrameworkStatus.DRAFT
    leaf = framework.competencies.get(uuid=package["CFItems"][4]["identifier"])
    assert leaf.statement == package["CFItems"][4]["fullStatement"] and len(leaf.statement) > 3000
    assert len(leaf.title) <= TITLE_MAX and leaf.title.endswith("…")
    assert leaf.statement.startswith(leaf.title[:-1])
    assert (leaf.code, leaf.depth, leaf.parent.code) == ("K3", 2, "A1.1")
    assert framework.competencies.filter(code="K7").count() == 100

    again = json.loads(json.dumps(package))
    items, associations = again["CFItems"], again["CFAssociations"]
    again["CFDocument"]["title"] = "Competências de comércio exterior (revisão 2026)"
    for item in items[2:52]:  # a1c1's leaves: reworded
        item["fullStatement"] += " Revisado."
    for association in associations[52:62]:  # the first ten leaves of a1c2 move to a1c3
        association["destinationNodeURI"]["identifier"] = items[101]["identifier"]
        association["sequenceNumber"] += 100
    for number in range(1, 31):  # new leaves under a1c1
        leaf_item = node(f"new{number}", statement(number, 500), humanCodingScheme=f"N{number}")
        items.append(leaf_item)
        associations.append(child_of(leaf_item, items[1], 100 + number))
    removed = {item["identifier"] for item in items[-30 - 40 : -30]}  # the last 40 old leaves
    again["CFItems"] = [item for item in items if item["identifier"] not in removed]
    again["CFAssociations"] = [
        a for a in associations if a["originNodeURI"]["identifier"] not in removed
    ]

    # Checks (with the 30 new identifiers' substitutes), the framework and its competencies, the
    # 40 removed locked and what uses them, the new rows, the 99 changed ones, the deletion (its
    # rows, each relation, the rows), the tree paths: 33.
    with django_assert_max_num_queries(40):
        report = framework_from_case(again, may_update=anyone)

    assert not report.framework_created and report.framework.pk == framework.pk
    assert CompetencyFramework.objects.count() == 1
    outcomes = (report.created, report.updated, report.moved, report.reordered, report.removed)
    # a1c2's other 39 leaves move up among their siblings.
    assert [len(names) for names in outcomes] == [30, 50, 10, 39, 40]
    assert report.unchanged == 5010 - 50 - 10 - 39 - 40
    assert report.framework_changed == ["title"]
    assert framework.competencies.count() == 5010 - 40 + 30
    moved = Competency.objects.get(uuid=items[52]["identifier"])
    assert (moved.parent.uuid, moved.tree_path.startswith(moved.parent.tree_path + "/")) == (
        uuid.UUID(items[101]["identifier"]),
        True,
    )
    assert "Revisado." in Competency.objects.get(uuid=items[2]["identifier"]).statement


@pytest.mark.parametrize(
    ("statement_text", "abbreviated", "title"),
    [
        ("Classifies goods.", None, "Classifies goods."),
        ("Classifies goods\n  under the  HS.", None, "Classifies goods under the HS."),
        ("x " * 300, "Classification", "Classification"),
        ("word " * 100, "y" * 201, ("word " * 40).strip() + "…"),  # too long: not used
        ("汉" * 300, None, "汉" * 199 + "…"),  # no spaces: cut where it must be
    ],
)
def test_a_title_is_the_abbreviated_statement_or_the_statement_cut_at_a_word(
    statement_text, abbreviated, title
):
    assert title_from_statement(statement_text, abbreviated) == title
    assert len(title) <= TITLE_MAX


def test_a_long_statement_is_kept_and_exported_whole():
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    long_text = statement(1, 4000)
    package["CFItems"][1]["fullStatement"] = long_text
    package["CFItems"][2]["abbreviatedStatement"] = "Short form"

    framework = framework_from_case(package, may_update=anyone).framework

    first, second = (
        framework.competencies.get(uuid=package["CFItems"][i]["identifier"]) for i in (1, 2)
    )
    assert (first.statement, second.title) == (long_text, "Short form")
    assert second.statement == package["CFItems"][2]["fullStatement"]
    items = exported(framework)["CFItems"]
    assert (items[1]["fullStatement"], items[1]["abbreviatedStatement"]) == (long_text, first.title)
    assert "abbreviatedStatement" not in items[0]  # a title that is the whole statement


def test_importing_a_framework_again_changes_nothing_and_says_so():
    framework = make_framework()
    before = list(framework.competencies.values_list("pk", "uuid", "tree_path"))

    report = framework_from_case(exported(framework), may_update=anyone)

    assert (report.framework.pk, report.created, report.updated, report.removed) == (
        framework.pk,
        [],
        [],
        [],
    )
    assert report.unchanged == 6
    assert list(framework.competencies.values_list("pk", "uuid", "tree_path")) == before
    assert "6 competencies unchanged." in report.summary()


def test_importing_again_keeps_what_uses_the_competencies_and_the_status():
    framework = make_framework()
    course = make_course("customs")
    target = teach(course, framework, "A1.1", 2)
    package = exported(framework)
    package["CFItems"][1]["fullStatement"] = "Plans customs clearance"  # A1.1, renamed

    report = framework_from_case(package, may_update=anyone)

    target.refresh_from_db()
    assert target.competency.title == "Plans customs clearance"
    assert report.updated == ["A1.1 Plans customs clearance"]
    assert CompetencyFramework.objects.get().status == FrameworkStatus.PUBLISHED


def test_removing_a_competency_something_uses_is_refused_and_nothing_is_saved():
    framework = make_framework()
    teach(make_course("customs"), framework, "A1.2", 2)
    used = competency(framework, "A1.2")
    package = without_item(exported(framework), used.uuid)
    package["CFDocument"]["title"] = "Renamed"

    with pytest.raises(FrameworkImportError) as caught:
        framework_from_case(package, may_update=anyone)

    [error] = caught.value.errors
    assert error.startswith(f"CFItems: no item is {used.uuid} (A1.2 Competency 1.2)")
    assert "in use: competencies taught (1)." in error
    assert CompetencyFramework.objects.get().title == "Talent Standard"
    assert framework.competencies.count() == 6


def test_a_user_who_may_not_change_the_framework_cannot_import_over_it(client):
    framework = make_framework()
    package = exported(framework)
    package["CFDocument"]["title"] = "Renamed"
    importer = UserFactory(email="importer@example.com")
    importer.is_staff = True
    importer.save()
    importer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_competencyframework", "view_competencyframework"]
        )
    )
    client.force_login(importer)
    url = reverse("admin:competencies_competencyframework_import")
    upload = SimpleUploadedFile("f.json", json.dumps(package).encode())

    response = client.post(url, {"format": "case", "document": upload})

    assert response.status_code == 400
    assert response.context["errors"][0].startswith("CFDocument.identifier: this package updates")
    assert CompetencyFramework.objects.get().title == "Talent Standard"


def test_the_admin_reports_what_an_import_changed(client, instructor):
    framework = make_framework(status="draft")
    package = exported(framework)
    package["CFItems"][1]["fullStatement"] = "Plans customs clearance"
    client.force_login(instructor)

    response = client.post(
        reverse("admin:competencies_competencyframework_import"),
        {"format": "case", "document": SimpleUploadedFile("f.json", json.dumps(package).encode())},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        "Updated “\u2068Talent Standard\u2069” in place. 1 competency updated "
        "(\u2068A1.1 Plans customs clearance\u2069). 5 competencies unchanged."
    ]


def test_a_published_framework_imported_again_shows_its_new_tree_at_once(client):
    framework = make_framework()
    page = reverse("courses:framework", args=[framework.uuid])
    assert "Competency 1.1" in client.get(page).content.decode()  # now in the page cache
    package = exported(framework)
    package["CFItems"][1]["fullStatement"] = "Plans customs clearance"

    framework_from_case(package, may_update=anyone)

    assert "Plans customs clearance" in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            {"language": "portuguese"},
            "CFItems[1].language: “portuguese” is not a valid language tag. "
            "Use a BCP 47 tag such as en, pt-BR, kk or zh-Hans.",
        ),
        ({"abbreviatedStatement": 3}, "CFItems[1].abbreviatedStatement: must be text"),
        ({"fullStatement": "  "}, "CFItems[1].fullStatement: must not be empty"),
    ],
)
def test_item_problems_are_reported_with_their_path_and_nothing_is_saved(change, error):
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    package["CFItems"][1].update(change)

    with pytest.raises(FrameworkImportError) as caught:
        framework_from_case(package, may_update=anyone)

    assert caught.value.errors == [error]
    assert not CompetencyFramework.objects.exists() and not Competency.objects.exists()


def test_without_a_document_language_the_items_shared_one_is_used():
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    del package["CFDocument"]["language"]
    for item in package["CFItems"]:
        item["language"] = "pt-br"

    assert framework_from_case(package, may_update=anyone).framework.language == "pt-BR"


def test_a_framework_whose_codes_repeat_is_refused_for_moodle_export_with_the_codes():
    from competencies.interchange.moodle_csv import framework_to_moodle_csv

    framework = make_framework()
    framework.competencies.filter(code="A2.1").update(code="A1.1")

    with pytest.raises(ValueError, match=r"give these codes distinct values.*: A1\.1\."):
        framework_to_moodle_csv(framework)


def test_the_full_statement_is_editable_in_the_admin(client, instructor):
    framework = make_framework()
    one = competency(framework, "A1.1")
    client.force_login(instructor)
    url = reverse("admin:competencies_competency_change", args=[one.pk])
    assert 'name="statement"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "parent": one.parent_id,
            "code": "A1.1",
            "title": one.title,
            "statement": "The whole wording of the standard.",
            "description": "",
            "order": one.order,
        },
    )
    one.refresh_from_db()
    assert one.statement == "The whole wording of the standard."


def test_a_use_added_between_the_check_and_the_delete_is_reported_and_nothing_is_saved(
    monkeypatch,
):
    # On PostgreSQL the lock makes such a use wait (test_import_concurrency); what reaches the
    # delete anyway is a PROTECT foreign key's ProtectedError, reported like the check.
    framework = make_framework()
    course = make_course("customs")
    dropped = competency(framework, "A1.2")
    package = without_item(exported(framework), dropped.uuid)
    package["CFDocument"]["title"] = "Renamed"
    checked = interchange.competency_uses

    def checked_then_used(*, competency_ids):
        uses = checked(competency_ids=competency_ids)
        if not uses:  # the check found none; another request now targets the competency
            teach(course, framework, "A1.2", 2)
        return uses

    monkeypatch.setattr(interchange, "competency_uses", checked_then_used)

    with pytest.raises(FrameworkImportError) as caught:
        framework_from_case(package, may_update=anyone)

    [error] = caught.value.errors
    assert error.startswith(f"CFItems: no item is {dropped.uuid} (A1.2 Competency 1.2)")
    assert "in use: competencies taught (1)." in error
    assert CompetencyFramework.objects.get().title == "Talent Standard"
    assert framework.competencies.count() == 6


def test_items_another_framework_has_keep_their_substitute_uuids_on_every_import():
    original = make_framework()
    document = str(uuid.uuid4())
    # Another document with the same items, say a national copy of the standard.
    package = json.loads(json.dumps(exported(original)).replace(str(original.uuid), document))
    copy = framework_from_case(package, may_update=anyone).framework
    item = package["CFItems"][1]  # A1.1
    substitute = uuid.uuid5(uuid.UUID(document), item["identifier"])
    assert copy.competencies.get(code="A1.1").uuid == substitute
    target = teach(make_course("customs"), copy, "A1.1", 2)
    before = set(copy.competencies.values_list("pk", "uuid"))
    item["fullStatement"] = "Plans customs clearance"

    report = framework_from_case(package, may_update=anyone)

    assert (report.framework.pk, report.created, report.removed) == (copy.pk, [], [])
    assert report.updated == ["A1.1 Plans customs clearance"]
    assert set(copy.competencies.values_list("pk", "uuid")) == before
    target.refresh_from_db()
    assert target.competency.title == "Plans customs clearance"

    original.delete()  # the identifiers are free again: the copy's competencies stay as they are
    report = framework_from_case(package, may_update=anyone)

    assert (report.created, report.removed, report.unchanged) == ([], [], 6)
    assert set(copy.competencies.values_list("pk", "uuid")) == before


def test_an_item_whose_substitute_uuid_is_another_items_identifier_gets_a_random_one():
    original = make_framework()
    document = uuid.uuid4()
    package = json.loads(json.dumps(exported(original)).replace(str(original.uuid), str(document)))
    first, second = package["CFItems"][1], package["CFItems"][2]
    new_second = str(uuid.uuid5(document, first["identifier"]))  # made to collide
    second_key = second["identifier"]
    package = json.loads(json.dumps(package).replace(second_key, new_second))

    copy = framework_from_case(package, may_update=anyone).framework

    uuids = set(copy.competencies.values_list("uuid", flat=True))
    assert len(uuids) == 6 and uuid.UUID(new_second) in uuids
    assert uuid.UUID(first["identifier"]) not in uuids


def test_creating_drafts_whose_parent_never_comes_is_refused_not_an_endless_loop():
    framework = make_framework()
    orphan = CompetencyDraft(
        key="orphan", parent_key="missing", code="X", title="Orphan", description="", order=1
    )

    with pytest.raises(ValueError, match="neither saved nor among them: orphan"):
        interchange._create(framework, [orphan], {})


def another_import_meanwhile(monkeypatch, name: str, act) -> None:
    """Run `act` (another import's effect) once, right after case_import's `name` looked up
    what the database held."""
    looked_up = getattr(case_import_module, name)

    def then_another_import(*args):
        found = looked_up(*args)
        if not CompetencyFramework.objects.filter(title="Elsewhere").exists():
            act()
        return found

    monkeypatch.setattr(case_import_module, name, then_another_import)


def test_a_framework_another_import_created_meanwhile_is_reported_then_updated(monkeypatch):
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    identifier = package["CFDocument"]["identifier"]
    another_import_meanwhile(
        monkeypatch,
        "_framework_to_update",
        lambda: CompetencyFramework.objects.create(uuid=identifier, title="Elsewhere"),
    )

    with pytest.raises(FrameworkImportError) as caught:
        framework_from_case(package, may_update=anyone)

    assert caught.value.errors == [
        "CFDocument.identifier: another import saved this framework, or some of its items, "
        "while this file was being imported, so nothing was saved. Import the file again."
    ]
    assert not Competency.objects.exists()
    report = framework_from_case(package, may_update=anyone)
    assert (report.framework.uuid, len(report.created)) == (uuid.UUID(identifier), 6)
    assert report.framework_changed[0] == "title"


def test_items_another_import_saved_meanwhile_are_reported(monkeypatch):
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    item = uuid.UUID(package["CFItems"][1]["identifier"])

    def other_framework_with_the_item():
        other = make_framework("Elsewhere")
        other.competencies.filter(code="A2.2").update(uuid=item)

    another_import_meanwhile(monkeypatch, "_competency_uuids", other_framework_with_the_item)

    with pytest.raises(FrameworkImportError) as caught:
        framework_from_case(package, may_update=anyone)

    assert caught.value.errors[0].startswith("CFDocument.identifier: another import saved")
    assert list(CompetencyFramework.objects.values_list("title", flat=True)) == ["Elsewhere"]
