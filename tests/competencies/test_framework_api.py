import uuid

import pytest
from django.conf import settings

from tests.factories import make_course, make_framework, make_role, teach

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


def test_frameworks_are_listed_and_read_as_a_tree(api, framework):
    make_framework(title="Hidden", status="draft")
    teach(make_course("ops"), framework, "A1.2", 2)
    assert [f["title"] for f in api.get("/api/v1/frameworks/").json()] == ["Talent Standard"]
    body = api.get(f"/api/v1/frameworks/{framework.uuid}/").json()
    assert [level["name"] for level in body["levels"]] == [
        "Not yet",
        "Foundation",
        "Proficient",
        "Advanced",
    ]
    assert [area["code"] for area in body["competencies"]] == ["A1", "A2"]
    child = body["competencies"][0]["children"][1]
    assert child["code"] == "A1.2" and child["courses"] == [
        {"slug": "ops", "title": "Ops", "level": 2}
    ]


@pytest.mark.parametrize("per_area", [3, 30])
def test_framework_detail_queries_are_fixed(api, django_assert_max_num_queries, per_area):
    framework = make_framework(areas=10, per_area=per_area)
    # framework, levels, tree, course targets
    with django_assert_max_num_queries(4):
        assert api.get(f"/api/v1/frameworks/{framework.uuid}/").status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_framework_and_role_lists_run_a_fixed_number_of_queries(
    api, django_assert_max_num_queries, count
):
    for number in range(count):
        framework = make_framework(f"Standard {number}", areas=1, per_area=1)
        make_role(framework, f"role-{number}", {"A1.1": 1})
    with django_assert_max_num_queries(1):  # the published frameworks
        assert len(api.get("/api/v1/frameworks/").json()) == count
    with django_assert_max_num_queries(1):  # the roles with their frameworks
        assert len(api.get("/api/v1/roles/").json()) == count


def test_unknown_or_draft_frameworks_are_404(api):
    draft = make_framework(status="draft")
    assert api.get(f"/api/v1/frameworks/{draft.uuid}/").status_code == 404
    assert api.get(f"/api/v1/frameworks/{uuid.uuid4()}/").status_code == 404


def test_roles_with_their_requirements_and_coverage(api, framework):
    teach(make_course("strong"), framework, "A1.1", 3)
    make_role(framework, "export-specialist", {"A1.1": 2, "A2.1": 1})
    assert [r["slug"] for r in api.get("/api/v1/roles/").json()] == ["export-specialist"]
    body = api.get("/api/v1/roles/export-specialist/").json()
    assert body["framework"] == str(framework.uuid)
    assert [(r["competency"], r["level"], r["courses"]) for r in body["requirements"]] == [
        ("A1.1", 2, ["strong"]),
        ("A2.1", 1, []),
    ]
    assert api.get("/api/v1/roles/nope/").status_code == 404


def test_the_course_detail_lists_its_competencies(api, framework):
    teach(make_course("ops"), framework, "A2.2", 1)
    competencies = api.get("/api/v1/courses/ops/").json()["competencies"]
    assert competencies == [
        {
            "framework": str(framework.uuid),
            "code": "A2.2",
            "title": "Competency 2.2",
            "level": 1,
            "level_name": "Foundation",
        }
    ]


def test_the_case_package_is_public_for_published_frameworks(api, framework):
    response = api.get(f"/ims/case/v1p1/CFPackages/{framework.uuid}")
    assert response.status_code == 200
    package = response.json()
    assert package["CFDocument"]["identifier"] == str(framework.uuid)
    assert len(package["CFItems"]) == 6 and len(package["CFAssociations"]) == 6
    assert package["CFDocument"]["uri"].startswith(f"{settings.SITE_URL}/ims/case/v1p1/")
    draft = make_framework(status="draft")
    assert api.get(f"/ims/case/v1p1/CFPackages/{draft.uuid}").status_code == 404


def test_the_schema_lists_the_framework_endpoints(api):
    schema = api.get("/api/schema/").content.decode()
    for path in [
        "/api/v1/frameworks/",
        "/api/v1/frameworks/{uuid}/",
        "/api/v1/roles/",
        "/api/v1/roles/{slug}/",
        "/ims/case/v1p1/CFPackages/{sourcedId}",
    ]:
        assert path in schema
