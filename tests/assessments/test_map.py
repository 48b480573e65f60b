import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import CompetencyLevel
from competencies.models import LearnerGoal
from tests.factories import make_course, make_framework, make_role, teach

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


def reach(user, framework, code, rank):
    CompetencyLevel.objects.create(
        user=user,
        competency=framework.competencies.get(code=code),
        level=framework.levels.get(rank=rank),
    )


def test_the_map_shows_levels_and_the_goals_gaps(client, learner, framework):
    teach(make_course("closer", title="Closer course"), framework, "A2.1", 2)
    role = make_role(framework, "analyst", {"A1.1": 2, "A1.2": 2, "A2.1": 2})
    LearnerGoal.objects.create(user=learner, role=role)
    reach(learner, framework, "A1.1", 3)
    reach(learner, framework, "A1.2", 1)
    client.force_login(learner)
    response = client.get(reverse("assessments:map"))
    cells = {
        c.competency.code: c for m in response.context["maps"] for a in m.areas for c in a.cells
    }
    assert [cells[code].status for code in ("A1.1", "A1.2", "A2.1", "A2.2")] == [
        "met",
        "partly",
        "gap",
        None,
    ]
    content = response.content.decode()
    assert "Your next courses" in content and "Closer course" in content


def test_the_map_api_gives_the_same(learner, framework):
    make_role(framework, "analyst", {"A1.1": 2})
    LearnerGoal.objects.create(user=learner, role=framework.roles.get())
    reach(learner, framework, "A1.1", 2)
    api = APIClient()
    api.force_authenticate(learner)
    body = api.get("/api/v1/competency-map/").json()
    cell = body[0]["areas"][0]["competencies"][0]
    assert (cell["code"], cell["level"], cell["required_level"], cell["status"]) == (
        "A1.1",
        2,
        2,
        "met",
    )


@pytest.mark.parametrize("per_area", [3, 30])
def test_the_map_runs_a_fixed_number_of_queries(
    client, learner, django_assert_max_num_queries, per_area
):
    framework = make_framework(areas=10, per_area=per_area)
    role = make_role(framework, "analyst", {f"A{a}.1": 2 for a in range(1, 11)})
    LearnerGoal.objects.create(user=learner, role=role)
    for a in range(1, 11):
        reach(learner, framework, f"A{a}.2", 1)
    client.force_login(learner)
    # session, user, levels, goal, requirements, course targets, frameworks, scales, tree,
    # framework targets
    with django_assert_max_num_queries(10):
        assert client.get(reverse("assessments:map")).status_code == 200


def test_the_map_needs_a_login(client):
    assert client.get(reverse("assessments:map"))["Location"].startswith(reverse("accounts:login"))


def test_instructors_see_their_courses_coverage_by_country(
    client, instructor, learner, other_learner, framework
):
    from courses import services as course_services

    course = make_course("ops", instructors=(instructor.email,))
    teach(course, framework, "A1.1", 2)
    learner.country, other_learner.country = "MA", "KZ"
    learner.save()
    other_learner.save()
    for person in (learner, other_learner):
        course_services.enrollment_create(learner=person, course=course)
    reach(learner, framework, "A1.1", 2)
    reach(other_learner, framework, "A1.1", 1)
    client.force_login(instructor)
    url = reverse("assessments:coverage", args=["ops"])
    reached = [(level.rank, count) for level, count in client.get(url).context["rows"][0].reached]
    assert reached == [(0, 2), (1, 2), (2, 1), (3, 0)]  # at that level or above
    rows = client.get(url, {"country": "MA"}).context["rows"]
    assert [(level.rank, count) for level, count in rows[0].reached] == [
        (0, 1),
        (1, 1),
        (2, 1),
        (3, 0),
    ]


def test_learners_and_other_instructors_cannot_see_coverage(client, learner, framework):
    from tests.factories import InstructorFactory

    make_course("ops")
    for person in (learner, InstructorFactory()):
        client.force_login(person)
        assert client.get(reverse("assessments:coverage", args=["ops"])).status_code == 404
