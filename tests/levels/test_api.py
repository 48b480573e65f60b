"""The levels API: a role's ladder and a learner's path up it, applying, level credentials and
declared work experience (the standard is in tests/levels/conftest.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from levels.models import (
    ExamUnit,
    ExperienceClaim,
    LevelApplication,
    LevelCompetency,
    LevelCourse,
    LevelCredential,
    LevelEquivalence,
    RoleLevel,
)
from tests.factories import competency, level, make_course, make_framework, make_role
from tests.levels.conftest import pass_course

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LADDER = "/api/v1/roles/export-specialist/levels/"
FOUNDATION = "/api/v1/roles/export-specialist/levels/1/apply/"
INTERMEDIATE = "/api/v1/roles/export-specialist/levels/2/apply/"
CREDENTIALS = "/api/v1/me/level-credentials/"
EXPERIENCE = "/api/v1/me/experience/"


def evidence_file(name="letter.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_anyone_sees_the_ladder_with_rules_exam_and_equivalences(api, standard):
    response = api.get(LADDER)
    assert response.status_code == 200
    body = response.json()
    assert (body["role"], body["role_name"]) == ("export-specialist", "Export Specialist")
    foundation, intermediate = body["levels"]
    assert (foundation["rank"], foundation["name"], foundation["needs_review"]) == (
        1,
        "Foundation",
        False,
    )
    assert [rule["kind"] for rule in foundation["rules"]] == ["competency", "course", "study"]
    assert {rule["met"] for level_ in body["levels"] for rule in level_["rules"]} == {None}
    assert foundation["exam"] is None and foundation["mine"] is None
    assert [rule["kind"] for rule in intermediate["rules"]] == ["experience", "exam"]
    assert intermediate["exam"] == {
        "assessment": str(standard.exam.uuid),
        "course": "export-level-exams",
        "title": "Export level exam",
        "pass_mark": 60,
        "units": [
            {"name": "Listing", "weight": 60, "min_percent": 50},
            {"name": "Logistics", "weight": 40, "min_percent": 50},
        ],
    }
    assert intermediate["equivalences"] == [
        {
            "framework": "European Qualifications Framework",
            "code": "4",
            "url": "https://europa.eu/europass/en/description-eight-eqf-levels",
        }
    ]
    assert intermediate["needs_review"] is True


def test_an_unknown_role_or_one_of_a_draft_framework_is_404(api, learner, standard):
    make_role(make_framework("Draft standard", status="draft"), "draft-role", {})
    for who in (None, learner):
        api.force_authenticate(who)
        for slug in ("nobody", "draft-role"):
            response = api.get(f"/api/v1/roles/{slug}/levels/")
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"


def test_my_path_says_what_is_met_and_which_course_comes_next(api, learner, standard):
    api.force_authenticate(learner)
    foundation = api.get(LADDER).json()["levels"][0]
    assert [rule["met"] for rule in foundation["rules"]] == [False, False, False]
    competency_rule, course_rule, _study = foundation["rules"]
    assert course_rule["next_courses"] == [
        {
            "slug": "export-basics",
            "title": standard.course.title,
            "language": "en",
            "url": "http://testserver/courses/export-basics/",
        }
    ]
    assert [c["slug"] for c in competency_rule["next_courses"]] == ["export-basics"]
    assert foundation["mine"] == {
        "rules_met": False,
        "held": False,
        "can_apply": True,
        "exam_open": False,
        "application": None,
        "credential": None,
        "exam_result": None,
    }


def test_the_next_course_is_the_version_in_my_language(api, learner, standard):
    api.force_authenticate(learner)
    foundation = api.get(LADDER, HTTP_ACCEPT_LANGUAGE="es").json()["levels"][0]
    assert [c["slug"] for c in foundation["rules"][1]["next_courses"]] == ["export-basics-es"]


def add_level(role, rank: int, framework, exam) -> RoleLevel:
    """A level with every kind of rule: three competencies, two courses, study, experience, an
    exam of two units, an equivalence."""
    added = RoleLevel.objects.create(
        role=role,
        rank=rank,
        name=f"Level {rank}",
        min_study_hours=rank,
        min_experience_months=rank,
        exam=exam,
    )
    for code in ("A1.2", "A2.1", "A2.2"):
        LevelCompetency.objects.create(
            level=added, competency=competency(framework, code), min_level=level(framework, 2)
        )
    for number in range(2):
        course = make_course(f"{role.slug}-{rank}-{number}", modules=1, lessons=1)
        LevelCourse.objects.create(level=added, course=course)
    for code, weight in (("A1", 50), ("A2", 50)):
        ExamUnit.objects.create(
            level=added, name=code, competency=competency(framework, code), weight=weight
        )
    LevelEquivalence.objects.create(level=added, framework="EQF", code=str(rank))
    return added


def ladder_queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_the_ladder_queries_do_not_grow_with_levels_or_rules(
    api, learner, standard, django_assert_max_num_queries
):
    role = make_role(standard.framework, "marketplace-operator", {})
    add_level(role, 1, standard.framework, standard.exam)
    url = "/api/v1/roles/marketplace-operator/levels/"
    small = {"visitor": ladder_queries(api, url)}
    api.force_authenticate(learner)
    small["learner"] = ladder_queries(api, url)

    for rank in (2, 3, 4):
        add_level(role, rank, standard.framework, standard.exam)
    api.force_authenticate(None)
    assert len(api.get(url).json()["levels"]) == 4
    # role, levels with exams, competency rules, course rules, exam units, equivalences
    with django_assert_max_num_queries(6):
        assert ladder_queries(api, url) == small["visitor"]
    api.force_authenticate(learner)
    # the visitor's six; completed, passed and certified families, claims, applications,
    # competency levels, certified families, exam results, credentials; the courses teaching
    # what is missing and the versions of missing certificates in the learner's language
    with django_assert_max_num_queries(17):
        assert ladder_queries(api, url) == small["learner"]


def test_applying_early_waits_and_applying_again_returns_the_same_application(
    api, learner, standard
):
    assert api.post(FOUNDATION).status_code == 401
    api.force_authenticate(learner)
    first = api.post(FOUNDATION)
    assert first.status_code == 201
    assert first.json()["status"] == "waiting" and first.json()["credential"] is None
    again = api.post(FOUNDATION)
    assert again.status_code == 200 and again.json() == first.json()
    assert LevelApplication.objects.filter(user=learner).count() == 1
    mine = api.get(LADDER).json()["levels"][0]["mine"]
    assert mine["application"]["status"] == "waiting" and mine["can_apply"] is False


def test_applying_with_every_rule_met_awards_the_level_at_once(
    api, learner, other_learner, standard, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    api.force_authenticate(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(FOUNDATION)
    assert response.status_code == 201
    body = response.json()
    credential = LevelCredential.objects.get(user=learner)
    assert body["status"] == "awarded" and body["decided_at"]
    assert body["credential"] == {
        "public_id": str(credential.public_id),
        "status": "valid",
        "issued_on": credential.issued_at.date().isoformat(),
        "verify_url": f"{settings.SITE_URL}/verify/level/{credential.public_id}/",
        "json_url": f"{settings.SITE_URL}/verify/level/{credential.public_id}.json",
    }
    assert api.get(body["credential"]["json_url"]).json()["level"] == "Foundation"

    # Applying for a level you hold is refused in the API's one error shape.
    again = api.post(FOUNDATION)
    assert again.status_code == 409
    assert again.json() == {"detail": "You already hold this level.", "code": "conflict"}

    foundation = api.get(LADDER).json()["levels"][0]
    assert foundation["mine"]["held"] is True
    assert foundation["mine"]["credential"]["public_id"] == str(credential.public_id)
    assert [rule["met"] for rule in foundation["rules"]] == [True, True, True]

    # Another learner sees none of it.
    api.force_authenticate(other_learner)
    theirs = api.get(LADDER).json()["levels"][0]
    assert theirs["mine"]["credential"] is None and theirs["mine"]["application"] is None
    assert api.get(CREDENTIALS).json() == []


def test_a_level_waiting_for_review_and_an_exam_result(
    api, learner, standard, django_capture_on_commit_callbacks
):
    from tests.levels.conftest import take_exam

    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A2.1"})
    api.force_authenticate(learner)
    intermediate = api.get(LADDER).json()["levels"][1]
    assert intermediate["mine"]["exam_result"] == {
        "percent": "70.00",
        "passed": True,
        "units": [
            {
                "name": "Listing",
                "weight": 60,
                "min_percent": 50,
                "percent": "50.00",
                "passed": True,
            },
            {
                "name": "Logistics",
                "weight": 40,
                "min_percent": 50,
                "percent": "100.00",
                "passed": True,
            },
        ],
    }
    assert [(r["kind"], r["met"]) for r in intermediate["rules"]] == [
        ("experience", False),
        ("exam", True),
    ]
    assert api.post(INTERMEDIATE).json()["status"] == "waiting"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/roles/nobody/levels/1/apply/", "/api/v1/roles/export-specialist/levels/9/apply/"],
)
def test_applying_for_an_unknown_role_or_level_is_404(api, learner, standard, url):
    api.force_authenticate(learner)
    assert api.post(url).status_code == 404
    assert not LevelApplication.objects.exists()


def test_a_level_of_a_draft_framework_is_404(api, learner, standard):
    standard.framework.status = "draft"
    standard.framework.save(update_fields=["status"])
    api.force_authenticate(learner)
    assert api.post(FOUNDATION).status_code == 404
    assert api.get(LADDER).status_code == 404


def test_my_level_credentials(
    api, learner, other_learner, standard, django_capture_on_commit_callbacks
):
    assert api.get(CREDENTIALS).status_code == 401
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    api.force_authenticate(learner)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(FOUNDATION)
    credential = LevelCredential.objects.get(user=learner)
    assert credential.png  # rendered after commit
    downloads = f"/levels/credentials/{credential.public_id}"
    assert api.get(CREDENTIALS).json() == [
        {
            "public_id": str(credential.public_id),
            "status": "valid",
            "issued_on": credential.issued_at.date().isoformat(),
            "verify_url": f"{settings.SITE_URL}/verify/level/{credential.public_id}/",
            "json_url": f"{settings.SITE_URL}/verify/level/{credential.public_id}.json",
            "role": "export-specialist",
            "role_name": "Export Specialist",
            "level": 1,
            "level_name": "Foundation",
            "image_url": f"{settings.SITE_URL}/verify/level/{credential.public_id}/credential.png",
            "pdf_url": f"http://testserver{downloads}/credential.pdf",
            "jwt_url": f"http://testserver{downloads}/credential.jwt",
            "downloads": {
                kind: f"http://testserver{CREDENTIALS}{credential.public_id}/{kind}"
                for kind in ("pdf", "png", "jwt")
            },
        }
    ]
    assert api.get(f"{downloads}/credential.pdf").status_code == 302  # pages need a session
    api.force_authenticate(None)
    api.force_login(learner)
    assert api.get(f"{downloads}/credential.pdf").status_code == 200
    api.force_login(other_learner)
    assert api.get(f"{downloads}/credential.pdf").status_code == 404
    api.logout()
    api.force_authenticate(other_learner)
    assert api.get(CREDENTIALS).json() == []


def test_my_level_credentials_cost_the_same_for_one_or_many(
    api, learner, standard, django_assert_max_num_queries
):
    from levels.services import awards

    api.force_authenticate(learner)
    awards.level_award(user=learner, level=standard.foundation)
    with CaptureQueriesContext(connection) as one:
        assert len(api.get(CREDENTIALS).json()) == 1
    awards.level_award(user=learner, level=standard.intermediate)
    for rank in (3, 4):
        awards.level_award(
            user=learner, level=add_level(standard.role, rank, standard.framework, standard.exam)
        )
    # credentials with their levels and roles
    with django_assert_max_num_queries(1):
        assert len(api.get(CREDENTIALS).json()) == 4
    assert len(one) == 1


def test_declaring_work_experience(api, learner, other_learner, standard):
    started = (timezone.localdate() - timedelta(days=400)).isoformat()
    form = {
        "role": "export-specialist",
        "employer": "Shenzhen Export Co.",
        "job_title": "Export assistant",
        "started_on": started,
        "ended_on": "",
        "evidence": evidence_file(),
    }
    assert api.post(EXPERIENCE, form, format="multipart").status_code == 401
    api.force_authenticate(learner)
    form["evidence"] = evidence_file()
    response = api.post(EXPERIENCE, form, format="multipart")
    assert response.status_code == 201, response.json()
    claim = ExperienceClaim.objects.get(user=learner)
    expected = {
        "uuid": str(claim.uuid),
        "role": "export-specialist",
        "employer": "Shenzhen Export Co.",
        "job_title": "Export assistant",
        "started_on": started,
        "ended_on": None,
        "status": "pending",
        "review_reason": "",
        "declared_at": response.json()["declared_at"],
    }
    assert response.json() == expected
    assert api.get(EXPERIENCE).json() == [expected]
    assert "evidence" not in response.json()  # the private file never goes out here

    api.force_authenticate(other_learner)
    assert api.get(EXPERIENCE).json() == []


def test_wrong_experience_is_a_400_naming_each_field(api, learner, standard):
    api.force_authenticate(learner)
    today = timezone.localdate()
    response = api.post(
        EXPERIENCE,
        {
            "role": "export-specialist",
            "employer": " ",
            "job_title": "Export assistant",
            "started_on": today.isoformat(),
            "ended_on": (today - timedelta(days=1)).isoformat(),
            "evidence": evidence_file("letter.exe", b"MZ"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"employer", "ended_on", "evidence"}

    missing = api.post(
        EXPERIENCE,
        {"role": "export-specialist", "employer": "A", "job_title": "B", "started_on": "x"},
        format="multipart",
    )
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"started_on"}

    no_file = api.post(
        EXPERIENCE,
        {
            "role": "export-specialist",
            "employer": "A",
            "job_title": "B",
            "started_on": today.isoformat(),
        },
        format="multipart",
    )
    assert set(no_file.json()["errors"]) == {"evidence"}

    unknown = api.post(
        EXPERIENCE,
        {
            "role": "nobody",
            "employer": "A",
            "job_title": "B",
            "started_on": today.isoformat(),
            "evidence": evidence_file(),
        },
        format="multipart",
    )
    assert unknown.status_code == 400 and set(unknown.json()["errors"]) == {"role"}
    assert not ExperienceClaim.objects.exists()


def test_the_schema_documents_the_level_endpoints_without_warnings(api):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache)
    paths = schema["paths"]
    apply = paths["/api/v1/roles/{slug}/levels/{rank}/apply/"]["post"]
    # 403: a session's write without its CSRF token; 401 on the ladder: a bad token (core.openapi).
    assert set(apply["responses"]) == {"200", "201", "401", "403", "404", "409"}
    assert set(paths["/api/v1/roles/{slug}/levels/"]["get"]["responses"]) == {"200", "401", "404"}
    assert "/api/v1/me/level-credentials/" in paths
    declare = paths["/api/v1/me/experience/"]["post"]
    assert "multipart/form-data" in declare["requestBody"]["content"]
    assert set(declare["responses"]) == {"201", "400", "401", "403", "409"}
    assert api.get("/api/schema/").status_code == 200
