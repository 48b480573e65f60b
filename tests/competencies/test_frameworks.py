import pytest
from django.urls import reverse

from competencies.models import LearnerGoal
from tests.factories import make_course, make_framework, make_role, teach
from tests.text import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


def browser_url(framework):
    return reverse("courses:framework", args=[framework.uuid])


def competency_url(framework, code):
    return reverse("courses:competency", args=[framework.competencies.get(code=code).uuid])


def code_url(framework, code):
    """A competency page's address before codes could repeat (issue 14)."""
    return reverse("courses:competency_by_code", args=[framework.uuid, code])


def test_the_browser_shows_levels_areas_competencies_and_the_courses_teaching_them(
    client, framework
):
    course = make_course("customs-basics", title="Customs basics")
    teach(course, framework, "A1.2", 2)
    make_course("hidden", status="draft")
    teach(make_course("draft-x", status="draft"), framework, "A2.1", 1)
    content = client.get(browser_url(framework)).content.decode()
    for text in [
        "Talent Standard",
        "Not yet",
        "Proficient",
        "counts as demonstrated",
        "Area 1",
        "Competency 2.2",
        f'id="{framework.competencies.get(code="A1.2").uuid}"',  # codes may repeat, uuids not
        "Customs basics</a> (<bdi>Proficient</bdi>)",
    ]:
        assert text in content
    assert "draft-x" not in content
    assert competency_url(framework, "A1.1") in content  # deep link per competency


def test_a_code_with_a_control_character_is_simply_not_found(client, framework):
    # PostgreSQL refuses a NUL in a query: it must not reach one.
    url = code_url(framework, "A1.1").replace("A1.1", "%00")
    assert client.get(url).status_code == 404


def test_draft_frameworks_are_not_public(client):
    draft = make_framework(status="draft")
    assert client.get(browser_url(draft)).status_code == 404
    assert client.get(competency_url(draft, "A1.1")).status_code == 404
    assert draft.title not in client.get(reverse("courses:frameworks")).content.decode()


@pytest.mark.parametrize("per_area", [3, 30])
def test_the_browser_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, per_area
):
    framework = make_framework(areas=10, per_area=per_area)  # 40 vs 310 competencies
    for number in range(5):
        teach(make_course(f"c{number}", modules=1, lessons=1), framework, f"A{number + 1}.1", 2)
    make_role(framework, "analyst", {"A1.1": 2})
    # framework, levels, competencies, course targets, roles
    with django_assert_max_num_queries(5):
        assert client.get(browser_url(framework)).status_code == 200


def test_a_competency_page_shows_its_place_courses_lessons_and_roles(client, framework):
    course = make_course("fx", title="FX risk", modules=1, lessons=2)
    teach(course, framework, "A2.1", 3)
    lesson = course.modules.get().lessons.first()
    lesson.competency = framework.competencies.get(code="A2.1")
    lesson.save()
    make_role(framework, "treasury-analyst", {"A2.1": 2})
    content = client.get(competency_url(framework, "A2.1")).content.decode()
    for text in [
        "Area 2",
        "Competency 2.1",
        "Can do 2.1.",
        "FX risk",
        "up to <bdi>Advanced</bdi>",
        lesson.title,
        "Treasury Analyst",
    ]:
        assert text in content
    assert client.get(code_url(framework, "NOPE")).status_code == 404


def test_an_area_page_lists_its_competencies(client, framework):
    content = client.get(competency_url(framework, "A1")).content.decode()
    assert (
        competency_url(framework, "A1.1") in content
        and competency_url(framework, "A1.2") in content
    )


def test_the_catalog_filters_by_competency_and_by_area(client, framework):
    teach(make_course("by-course", title="Mapped course"), framework, "A1.1", 2)
    mapped_lesson = make_course("by-lesson", title="Mapped lesson").modules.first().lessons.first()
    mapped_lesson.competency = framework.competencies.get(code="A1.2")
    mapped_lesson.save()
    make_course("unmapped", title="Unmapped")
    area = framework.competencies.get(code="A1")
    one = framework.competencies.get(code="A1.1")

    def titles(value):
        response = client.get(reverse("courses:catalog"), {"competency": value, "sort": "title"})
        return [entry.course.title for entry in response.context["listing"]["entries"]]

    assert titles(str(one.uuid)) == ["Mapped course"]
    assert titles(str(area.uuid)) == ["Mapped course", "Mapped lesson"]
    response = client.get(reverse("courses:catalog"), {"competency": "not-a-competency"})
    assert b"Select a valid choice" in response.content


def test_the_course_page_lists_what_it_teaches(client, framework):
    course = make_course("ops")
    teach(course, framework, "A2.2", 2)
    content = client.get(reverse("courses:detail", args=["ops"])).content.decode()
    assert "What you will be able to do" in content
    assert competency_url(framework, "A2.2") in content and "Proficient" in content


def test_a_role_page_shows_requirements_and_the_courses_covering_them(client, framework):
    strong = make_course("strong", title="Strong course")
    weak = make_course("weak", title="Weak course")
    teach(strong, framework, "A1.1", 3)
    teach(weak, framework, "A1.1", 1)
    make_role(framework, "export-specialist", {"A1.1": 2, "A2.2": 1})
    response = client.get(reverse("courses:role", args=["export-specialist"]))
    coverage = {item.requirement.competency.code: item for item in response.context["coverage"]}
    assert [t.course.slug for t in coverage["A1.1"].courses] == ["strong"]  # weak is below level
    assert coverage["A2.2"].courses == []
    assert "No course yet" in response.content.decode()


def test_roles_of_draft_frameworks_are_not_public(client):
    make_role(make_framework(status="draft"), "secret-role", {"A1.1": 2})
    assert client.get(reverse("courses:role", args=["secret-role"])).status_code == 404


def test_a_learner_chooses_a_goal_on_the_profile_and_sees_it_on_the_dashboard(
    client, learner, framework, django_assert_max_num_queries
):
    teach(make_course("strong", title="Strong course"), framework, "A1.1", 2)
    make_role(framework, "export-specialist", {"A1.1": 2, "A2.1": 2})
    client.force_login(learner)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Your career goal" in profile and 'value="export-specialist"' in profile
    response = client.post(
        reverse("courses:goal"), {"role": "export-specialist", "next": "/dashboard/"}
    )
    assert response["Location"] == "/dashboard/"
    # session, user, goal, completed, passed and certified families, enrolments, requirements,
    # course targets, the goal role's level ladder (none)
    with django_assert_max_num_queries(10):
        content = client.get(reverse("courses:dashboard")).content.decode()
    assert "Your goal: Export Specialist" in page_text(content)
    assert "Strong course" in content and "No course yet" in content
    assert "%" not in content.split("Your goal", 1)[1].split("</section>", 1)[0]  # no fake levels


def test_a_goal_can_be_cleared_and_bad_input_is_refused(client, learner, framework):
    role = make_role(framework, "export-specialist", {"A1.1": 2})
    LearnerGoal.objects.create(user=learner, role=role)
    client.force_login(learner)
    response = client.post(reverse("courses:goal"), {"role": "nope"}, follow=True)
    assert b"That role is not available." in response.content
    assert LearnerGoal.objects.filter(user=learner).exists()
    client.post(reverse("courses:goal"), {"role": "", "next": "https://evil.test/"})
    assert not LearnerGoal.objects.filter(user=learner).exists()
    response = client.post(reverse("courses:goal"), {"role": "", "next": "https://evil.test/"})
    assert response["Location"] == reverse("courses:dashboard")


def test_choosing_a_goal_needs_a_login_and_a_post(client, framework):
    make_role(framework, "export-specialist", {"A1.1": 2})
    assert client.post(reverse("courses:goal"), {"role": "export-specialist"})[
        "Location"
    ].startswith(reverse("accounts:login"))
    assert not LearnerGoal.objects.exists()


@pytest.mark.parametrize("per_area", [3, 30])
def test_learner_pages_run_a_fixed_number_of_queries(
    client, learner, django_assert_max_num_queries, per_area
):
    framework = make_framework(areas=10, per_area=per_area)
    role = make_role(
        framework, "analyst", {f"A{a}.{c}": 2 for a in range(1, 11) for c in range(1, per_area + 1)}
    )
    for number in range(5):
        teach(make_course(f"c{number}", modules=1, lessons=1), framework, f"A{number + 1}.1", 2)
    LearnerGoal.objects.create(user=learner, role=role)
    client.force_login(learner)
    # session, user, role, goal, completed, passed and certified families, requirements, course
    # targets, the level ladder (none)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("courses:role", args=["analyst"])).status_code == 200
    # session, user, goal, completed, passed and certified families, enrolments, requirements,
    # course targets, the level ladder (none) (no enrolment: no lessons, progress, grades or
    # certificates to read)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("courses:dashboard")).status_code == 200
    url = competency_url(framework, "A3.2")
    # session, user, competency, ancestors, children, courses, lessons, roles, levels
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_unpublished_frameworks_do_not_show_on_course_pages(client, status):
    from rest_framework.test import APIClient

    hidden = make_framework(title="Hidden standard", status=status)
    teach(make_course("ops"), hidden, "A1.1", 2)
    assert (
        "Competency 1.1" not in client.get(reverse("courses:detail", args=["ops"])).content.decode()
    )
    assert APIClient().get("/api/v1/courses/ops/").json()["competencies"] == []
    assert client.get(browser_url(hidden)).status_code == 404


def test_codes_with_slashes_have_working_deep_links(client, framework):
    area = framework.competencies.get(code="A1")
    area.code = "A1/EU"
    area.save()
    assert client.get(browser_url(framework)).status_code == 200
    response = client.get(code_url(framework, "A1/EU"))
    assert (response.status_code, response.url) == (301, competency_url(framework, "A1/EU"))
    assert client.get(response.url).status_code == 200


def test_a_page_is_addressed_by_uuid_and_an_old_code_address_redirects_while_unique(
    client, framework
):
    first, second = framework.competencies.filter(code__in=["A1.1", "A1.2"]).order_by("code")
    assert client.get(code_url(framework, "A1.1")).url == competency_url(framework, "A1.1")
    second.code = "A1.1"  # codes may repeat (CASE's humanCodingScheme does)
    second.save()
    assert client.get(code_url(framework, "A1.1")).status_code == 404  # which one?
    for competency in (first, second):
        url = reverse("courses:competency", args=[competency.uuid])
        assert competency.title in client.get(url).content.decode()
    assert client.get(browser_url(framework)).status_code == 200


def test_a_competency_page_shows_the_full_statement(client, framework):
    competency = framework.competencies.get(code="A1.1")
    competency.statement = "Plans customs clearance.\n\nIncludes the documents and " + "x " * 2000
    competency.save()
    content = client.get(competency_url(framework, "A1.1")).content.decode()
    assert "<p>Plans customs clearance.</p>" in content and "x x x" in content
