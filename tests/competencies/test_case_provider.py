"""The IMS CASE 1.1 provider as a CASE tool sees it: every read endpoint, each response valid
against 1EdTech's schema (vendored in case_schema/), every URI resolving, status bodies for
errors, paging, retired frameworks still served, bounded queries."""

import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from certificates.credentials import credential
from certificates.models import Certificate
from competencies import services
from competencies.interchange.case_export import (
    child_of_identifier,
    child_of_item,
    framework_to_case,
)
from competencies.models import CompetencyFramework, FrameworkStatus
from tests.factories import competency, make_framework
from tests.levels.conftest import pass_course

pytestmark = pytest.mark.django_db

SITE = "https://academy.example"
CASE = "/ims/case/v1p1"
OPENAPI = json.loads(
    (Path(__file__).parent / "case_schema" / "imscasev1p1_openapi3_v1p0.json").read_text()
)
# The schema's one erratum (see case_schema/SOURCE.md): CFItemType's required description.
OPENAPI["components"]["schemas"]["CFItemTypeDType"]["properties"]["description"] = {
    "type": "string"
}
# A fixed id for parametrize: test ids must be the same in every xdist worker.
FIXED_ID = "0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e"
UNDEFINED = ["CFConcepts", "CFSubjects", "CFLicenses", "CFAssociationGroupings", "CFRubrics"]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def framework():
    return make_framework()


def operation(path: str) -> str:
    """The OpenAPI path template a CASE path belongs to: /CFItems/{sourcedId} or /CFDocuments."""
    parts = urlsplit(path).path.removeprefix(CASE).split("/")
    return "/".join(parts[:2]) + ("/{sourcedId}" if len(parts) > 2 else "")


def schema_problems(path: str, response, *, partial: bool = False) -> list[str]:
    """Why the response contradicts the schema CASE gives for this operation and status.
    `partial`: members may be missing (a `fields` selection)."""
    responses = OPENAPI["paths"][operation(path)]["get"]["responses"]
    declared = responses.get(str(response.status_code), responses["default"])
    schema = {
        **declared["content"]["application/json"]["schema"],
        "components": OPENAPI["components"],
    }
    if partial:
        schema = json.loads(json.dumps(schema).replace('"required"', '"x-required"'))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())]


def get_valid(api, path: str, status: int = 200, **extra):
    response = api.get(path, **extra)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert schema_problems(path, response) == []
    return response.json()


def uris(value) -> list[str]:
    """Every `uri` member anywhere in a JSON value."""
    if isinstance(value, dict):
        own = [value["uri"]] if isinstance(value.get("uri"), str) else []
        return own + [uri for member in value.values() for uri in uris(member)]
    if isinstance(value, list):
        return [uri for member in value for uri in uris(member)]
    return []


def test_every_uri_in_a_served_package_resolves_to_a_valid_case_object(api, framework):
    package = get_valid(api, f"{CASE}/CFPackages/{framework.uuid}")

    found = set(uris(package))
    kinds = {urlsplit(uri).path.split("/")[4] for uri in found}
    assert kinds == {"CFDocuments", "CFItems", "CFAssociations", "CFItemTypes"}
    for uri in found:
        assert uri.startswith(f"{SITE}{CASE}/")
        get_valid(api, urlsplit(uri).path)
    for uri in uris(get_valid(api, f"{CASE}/CFDocuments/{framework.uuid}")):
        get_valid(api, urlsplit(uri).path)  # the document's CFPackageURI too


def test_the_package_carries_the_tree_and_the_item_types(api, framework):
    package = get_valid(api, f"{CASE}/CFPackages/{framework.uuid}")

    document = package["CFDocument"]
    assert (document["adoptionStatus"], document["caseVersion"]) == ("Adopted", "1.1")
    assert "CFPackageURI" not in document  # only a standalone CFDocument has it
    assert [item["humanCodingScheme"] for item in package["CFItems"]] == [
        "A1",
        "A1.1",
        "A1.2",
        "A2",
        "A2.1",
        "A2.2",
    ]
    assert [t["title"] for t in package["CFDefinitions"]["CFItemTypes"]] == ["Area", "Competency"]
    assert [a["sequenceNumber"] for a in package["CFAssociations"]] == [1, 1, 2, 2, 1, 2]


def test_an_item_answers_with_its_associations_both_ways(api, framework):
    area = competency(framework, "A1")
    child = competency(framework, "A1.2")

    body = get_valid(api, f"{CASE}/CFItemAssociations/{area.uuid}")
    assert body["CFItem"]["CFDocumentURI"]["identifier"] == str(framework.uuid)
    pairs = [
        (a["originNodeURI"]["title"], a["destinationNodeURI"]["title"], a["sequenceNumber"])
        for a in body["CFAssociations"]
    ]
    assert pairs == [
        ("Area 1", "Talent Standard", 1),
        ("Competency 1.1", "Area 1", 1),
        ("Competency 1.2", "Area 1", 2),
    ]
    association = get_valid(api, f"{CASE}/CFAssociations/{child_of_identifier(child.uuid)}")
    assert (association["sequenceNumber"], association["destinationNodeURI"]["title"]) == (
        2,
        "Area 1",
    )


def error_of(body: dict) -> tuple[str, str, str]:
    field = body["imsx_codeMinor"]["imsx_codeMinorField"][0]
    return (
        body["imsx_codeMajor"],
        field["imsx_codeMinorFieldName"],
        field["imsx_codeMinorFieldValue"],
    )


ENDPOINTS = [
    "CFDocuments",
    "CFPackages",
    "CFItems",
    "CFAssociations",
    "CFItemAssociations",
    "CFItemTypes",
    *UNDEFINED,
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_answers_unknown_and_malformed_ids_with_status_bodies(api, endpoint):
    body = get_valid(api, f"{CASE}/{endpoint}/{uuid.uuid4()}", 404)
    assert error_of(body) == ("failure", "sourcedId", "unknownobject")
    body = get_valid(api, f"{CASE}/{endpoint}/not-a-uuid", 404)
    assert error_of(body) == ("failure", "sourcedId", "invalid_uuid")


@pytest.mark.parametrize("path", [f"{CASE}/CFDocuments", f"{CASE}/CFItems/{FIXED_ID}"])
def test_other_methods_get_a_405_status_body_and_everyone_may_read(api, path):
    response = api.post(path, {})
    assert response.status_code == 405
    assert response.json()["imsx_codeMajor"] == "unsupported"
    assert schema_problems(path, response) == []  # the schema's default response
    assert response["Access-Control-Allow-Origin"] == "*"

    preflight = api.options(path, HTTP_ORIGIN="https://case-tool.example")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert api.get(path)["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_case_path_gets_a_status_body(api):
    response = api.get(f"{CASE}/CFWhatever")
    assert response.status_code == 404 and error_of(response.json())[2] == "unknownobject"


def test_documents_are_listed_in_pages_without_drafts(api):
    for title in ["Charlie", "Alpha", "Bravo"]:
        make_framework(title, areas=1, per_area=1)
    make_framework("Draft", status=FrameworkStatus.DRAFT)

    response = api.get(f"{CASE}/CFDocuments", {"limit": 2})
    assert response.status_code == 200 and schema_problems(f"{CASE}/CFDocuments", response) == []
    assert [d["title"] for d in response.json()["CFDocuments"]] == ["Alpha", "Bravo"]
    assert response["X-Total-Count"] == "3"
    assert f'<{SITE}{CASE}/CFDocuments?limit=2&offset=2>; rel="next"' in response["Link"]
    second = get_valid(api, f"{CASE}/CFDocuments?limit=2&offset=2")
    assert [d["title"] for d in second["CFDocuments"]] == ["Charlie"]
    # CASE's CFDocumentSet holds at least one document: past the end is "unknown object".
    assert error_of(get_valid(api, f"{CASE}/CFDocuments?offset=3", 404))[2] == "unknownobject"


def test_documents_are_sorted_filtered_and_trimmed_as_asked(api):
    for title, version in [("Alpha", "1"), ("Bravo", "2"), ("Trade basics", "2")]:
        framework = make_framework(title, areas=1, per_area=1)
        CompetencyFramework.objects.filter(pk=framework.pk).update(version=version)

    backwards = get_valid(api, f"{CASE}/CFDocuments?sort=title&orderBy=desc")
    assert [d["title"] for d in backwards["CFDocuments"]] == ["Trade basics", "Bravo", "Alpha"]
    found = get_valid(api, f"{CASE}/CFDocuments?filter=version='2' AND title~'TRADE'")
    assert [d["title"] for d in found["CFDocuments"]] == ["Trade basics"]
    either = get_valid(api, f"{CASE}/CFDocuments?filter=title='Alpha' OR title='Bravo'")
    assert len(either["CFDocuments"]) == 2

    path = f"{CASE}/CFDocuments?fields=identifier,title"
    response = api.get(path)
    assert schema_problems(path, response, partial=True) == []
    assert {tuple(d) for d in response.json()["CFDocuments"]} == {("identifier", "title")}


@pytest.mark.parametrize(
    "query, refusal",
    [
        ("limit=0", ("limit", "invalid_selection_field")),
        ("offset=-1", ("offset", "invalid_selection_field")),
        ("sort=colour", ("sort", "invalid_sort_field")),
        ("orderBy=up", ("orderBy", "invalid_sort_field")),
        ("filter=colour='red'", ("filter", "invalid_selection_field")),
        ("filter=title is Alpha", ("filter", "invalid_selection_field")),
        ("filter=title='A' AND version='1' OR version='2'", ("filter", "invalid_selection_field")),
        ("filter=lastChangeDateTime>'yesterday'", ("filter", "invalid_selection_field")),
        ("fields=identifier,colour", ("fields", "invalid_selection_field")),
        # "²".isdigit() holds, but int() refuses it; and no database takes an offset of 10²³.
        ("limit=²", ("limit", "invalid_selection_field")),
        ("offset=²", ("offset", "invalid_selection_field")),
        ("offset=99999999999999999999999", ("offset", "invalid_selection_field")),
        ("offset=1000000001", ("offset", "invalid_selection_field")),
        ("limit=1000000001", ("limit", "invalid_selection_field")),
        pytest.param(f"offset=1{'0' * 5000}", ("offset", "invalid_selection_field"), id="long"),
        # Ordering compares text and dates, not statuses or identifiers.
        ("filter=adoptionStatus>'Adopted'", ("filter", "invalid_selection_field")),
        (f"filter=identifier<='{FIXED_ID}'", ("filter", "invalid_selection_field")),
    ],
)
def test_a_listing_that_cannot_be_honoured_is_refused(api, framework, query, refusal):
    body = get_valid(api, f"{CASE}/CFDocuments?{query}", 400)
    assert error_of(body) == ("failure", *refusal)


def test_paging_values_up_to_the_bounds_are_taken(api):
    for title in ["Alpha", "Bravo"]:
        make_framework(title, areas=1, per_area=1)

    first = get_valid(api, f"{CASE}/CFDocuments?limit=0001")
    assert [d["title"] for d in first["CFDocuments"]] == ["Alpha"]
    everything = get_valid(api, f"{CASE}/CFDocuments?limit=1000000000")  # served as 1000
    assert len(everything["CFDocuments"]) == 2
    past = get_valid(api, f"{CASE}/CFDocuments?offset=1000000000", 404)
    assert error_of(past)[2] == "unknownobject"


@pytest.mark.parametrize(
    "condition, titles",
    [
        # != a value no framework can have matches every one, alone or in an OR.
        ("identifier!='nope'", ["Alpha", "Bravo"]),
        ("adoptionStatus!='Retired'", ["Alpha", "Bravo"]),  # CASE has no such status
        ("adoptionStatus!='Draft'", ["Alpha", "Bravo"]),
        ("title='Alpha' OR identifier!='nope'", ["Alpha", "Bravo"]),
        ("title='Alpha' AND identifier!='nope'", ["Alpha"]),
        # = such a value matches none.
        ("title='Alpha' OR adoptionStatus='Retired'", ["Alpha"]),
        ("adoptionStatus='Draft'", []),
        # Ordering applies to text and dates.
        ("title>='B'", ["Bravo"]),
        ("version<'2'", ["Alpha"]),
        ("lastChangeDateTime<'2000-01-01T00:00:00Z'", []),
        ("lastChangeDateTime>'2000-01-01T00:00:00Z'", ["Alpha", "Bravo"]),
    ],
)
def test_filter_predicates_match_what_they_say(api, condition, titles):
    for title, version in [("Alpha", "1"), ("Bravo", "2")]:
        framework = make_framework(title, areas=1, per_area=1)
        CompetencyFramework.objects.filter(pk=framework.pk).update(version=version)

    status = 200 if titles else 404  # CASE's document set is never empty: none is 404
    body = get_valid(api, f"{CASE}/CFDocuments", status, data={"filter": condition})
    assert [d["title"] for d in body.get("CFDocuments", [])] == titles


def test_and_and_or_inside_a_quoted_value_are_part_of_it(api):
    for title in ["Import AND export", "Buy OR sell", "Alpha"]:
        make_framework(title, areas=1, per_area=1)

    found = get_valid(api, f"{CASE}/CFDocuments", data={"filter": "title~'Import AND export'"})
    assert [d["title"] for d in found["CFDocuments"]] == ["Import AND export"]
    condition = "title='Buy OR sell' OR title='Alpha'"
    either = get_valid(api, f"{CASE}/CFDocuments", data={"filter": condition})
    assert [d["title"] for d in either["CFDocuments"]] == ["Alpha", "Buy OR sell"]


@pytest.mark.parametrize(
    "item_uuid",
    [
        uuid.UUID("0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e"),  # version 4, as competencies get
        uuid.uuid5(uuid.NAMESPACE_URL, "imported"),  # version 5, as an imported item may have
    ],
    ids=["uuid4", "uuid5"],
)
def test_an_association_identifier_is_a_reversible_valid_uuid(item_uuid):
    identifier = child_of_identifier(item_uuid)

    assert identifier != item_uuid
    assert (identifier.version, identifier.variant) == (item_uuid.version, item_uuid.variant)
    assert child_of_item(identifier) == item_uuid


def test_uris_follow_site_url_not_the_host_header(api, framework):
    package = api.get(f"{CASE}/CFPackages/{framework.uuid}", HTTP_HOST="localhost").json()
    assert all(uri.startswith(f"{SITE}{CASE}/") for uri in uris(package))
    listing = api.get(f"{CASE}/CFDocuments?limit=1", HTTP_HOST="localhost")
    assert listing["Link"].startswith(f"<{SITE}{CASE}/CFDocuments?")


def test_drafts_are_never_served(api):
    draft = make_framework(status=FrameworkStatus.DRAFT)
    item = competency(draft, "A1.1")
    for path in [
        f"CFDocuments/{draft.uuid}",
        f"CFPackages/{draft.uuid}",
        f"CFItems/{item.uuid}",
        f"CFAssociations/{child_of_identifier(item.uuid)}",
        f"CFItemAssociations/{item.uuid}",
    ]:
        assert error_of(get_valid(api, f"{CASE}/{path}", 404))[2] == "unknownobject"


def test_a_retired_framework_stays_served_so_credential_alignments_resolve(
    api, learner, standard, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    alignments = credential(Certificate.objects.get(user=learner))["credentialSubject"][
        "achievement"
    ]["alignment"]
    assert alignments

    services.framework_set_status(framework=standard.framework, status=FrameworkStatus.RETIRED)

    for alignment in alignments:
        assert alignment["targetUrl"].startswith(f"{SITE}{CASE}/CFItems/")
        get_valid(api, urlsplit(alignment["targetUrl"]).path)
    document = get_valid(api, f"{CASE}/CFDocuments/{standard.framework.uuid}")
    assert document["adoptionStatus"] == "Deprecated"
    listed = get_valid(api, f"{CASE}/CFDocuments")["CFDocuments"]
    assert [d["adoptionStatus"] for d in listed] == ["Deprecated"]


@pytest.mark.parametrize("count", [3, 30])
def test_case_queries_do_not_grow_with_frameworks_or_items(
    api, django_assert_max_num_queries, count
):
    framework = make_framework(areas=count, per_area=count)
    for number in range(count):
        make_framework(f"Framework {number}", areas=1, per_area=1)
    item = competency(framework, "A1.1")

    with django_assert_max_num_queries(2):  # the page of frameworks, their count
        api.get(f"{CASE}/CFDocuments?limit=10")
    with django_assert_max_num_queries(2):  # the framework, its competencies in tree order
        api.get(f"{CASE}/CFPackages/{framework.uuid}")
    with django_assert_max_num_queries(1):  # the competency with its framework
        api.get(f"{CASE}/CFItems/{item.uuid}")
    with django_assert_max_num_queries(2):  # the competency by its uuid, its position
        get_valid(api, f"{CASE}/CFAssociations/{child_of_identifier(item.uuid)}")
    with django_assert_max_num_queries(3):  # the competency, its children, its position
        get_valid(api, f"{CASE}/CFItemAssociations/{item.uuid}")


def test_the_admin_export_is_the_served_package(api, framework):
    served = api.get(f"{CASE}/CFPackages/{framework.uuid}").json()
    assert json.loads(json.dumps(framework_to_case(framework))) == served


def test_the_openapi_schema_documents_the_case_endpoints_and_their_errors(api):
    schema = api.get("/api/schema/?format=json").json()
    for name in [
        "CFDocuments",
        "CFDocuments/{sourcedId}",
        "CFItems/{sourcedId}",
        *[f"{kind}/{{sourcedId}}" for kind in UNDEFINED],
    ]:
        operation_ = schema["paths"][f"{CASE}/{name}"]["get"]
        assert operation_["tags"] == ["ims-case"]
        assert {"404", "405"} <= set(operation_["responses"])
    listing = schema["paths"][f"{CASE}/CFDocuments"]["get"]["responses"]
    assert "400" in listing
    assert set(listing["200"]["headers"]) == {"X-Total-Count", "Link"}
