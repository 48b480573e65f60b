"""The learner's competency map: four states per competency, the goal's gaps and the next
courses first (one per course family not yet achieved), grouped by area, fixed queries."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import services
from assessments.learner_map import learner_map
from assessments.models import CompetencyLevel
from competencies.models import LearnerGoal
from courses import services as course_services
from tests.assessments.conftest import make_assessment, make_question
from tests.factories import make_course, make_framework, make_role, teach
from tests.text import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


def reach(user, framework, code, rank):
    CompetencyLevel.objects.create(
        user=user,
        competency=framework.competencies.get(code=code),
        level=None if rank is None else framework.levels.get(rank=rank),
    )


def cells_of(found):
    return {c.competency.code: c for m in found.frameworks for a in m.areas for c in a.cells}


def complete(learner, course):
    course_services.enrollment_create(learner=learner, course=course)
    for module in course.modules.all():
        for lesson in module.lessons.all():
            course_services.lesson_complete(learner=learner, lesson=lesson)


def test_a_competency_tried_below_the_first_level_is_attempted_not_unattempted(
    client, learner, framework, instructor
):
    course = make_course("closer", instructors=(instructor.email,))
    course_services.enrollment_create(learner=learner, course=course)
    competency, foundation = framework.competencies.get(code="A1.1"), framework.levels.get(rank=1)
    quiz = make_assessment(course, [make_question(course, competency=competency, level=foundation)])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers={})  # graded, all wrong
    client.force_login(learner)
    response = client.get(reverse("assessments:map"))
    cells = cells_of(response.context["map"])
    assert (cells["A1.1"].state, cells["A1.2"].state) == ("attempted", "not_attempted")
    content = response.content.decode()
    assert "Tried, not yet Foundation" in page_text(content) and "Not attempted" in content
    area = content.split('class="area-counts meta"', 1)[1].split("</span>", 1)[0]
    assert "0 of 2 at a level · 1 tried" in page_text(area)


def test_the_map_shows_four_states_and_the_goals_status(learner, framework):
    role = make_role(framework, "analyst", {"A1.1": 2, "A1.2": 2, "A2.1": 2})
    LearnerGoal.objects.create(user=learner, role=role)
    reach(learner, framework, "A1.1", 3)
    reach(learner, framework, "A1.2", 1)
    reach(learner, framework, "A2.1", 0)  # evidence at the lowest rank only
    cells = cells_of(learner_map(user=learner))
    assert [
        (cells[code].state, cells[code].status) for code in ("A1.1", "A1.2", "A2.1", "A2.2")
    ] == [
        ("target_met", "met"),
        ("level", "partly"),
        ("attempted", "gap"),
        ("not_attempted", None),
    ]
    assert cells["A1.2"].level.name == "Foundation"


def test_areas_count_their_states_and_gaps(learner, framework):
    LearnerGoal.objects.create(
        user=learner, role=make_role(framework, "analyst", {"A1.1": 2, "A1.2": 1})
    )
    reach(learner, framework, "A1.1", None)
    reach(learner, framework, "A1.2", 1)
    area = learner_map(user=learner).frameworks[0].areas[0]
    assert area.counts == {"not_attempted": 0, "attempted": 1, "level": 0, "target_met": 1}
    assert area.gaps == 1


def test_next_courses_skip_families_achieved_in_any_version(client, learner, framework):
    foundations = make_course("foundations", title="Foundations")
    spanish = make_course(
        "fundamentos", title="Fundamentos", language="es", language_version_of="foundations"
    )
    other = make_course("customs", title="Customs")
    for course in (foundations, spanish, other):
        teach(course, framework, "A2.1", 2)
    LearnerGoal.objects.create(user=learner, role=make_role(framework, "analyst", {"A2.1": 2}))
    found = learner_map(user=learner)
    assert [s.course.slug for s in found.next_courses] == ["customs", "foundations"]  # one each

    complete(learner, spanish)  # achieves the family, though the level is not shown yet
    found = learner_map(user=learner)
    assert [s.course.slug for s in found.next_courses] == ["customs"]
    assert [c.slug for c in cells_of(found)["A2.1"].teaching] == ["customs"]


def test_next_courses_offer_the_version_in_the_learners_language(learner, framework):
    for slug, fields in (
        ("foundations", {}),
        ("fundamentos", {"language": "es", "language_version_of": "foundations"}),
    ):
        teach(make_course(slug, **fields), framework, "A1.1", 2)
    learner.language = "es"
    learner.save()
    LearnerGoal.objects.create(user=learner, role=make_role(framework, "analyst", {"A1.1": 2}))
    assert [s.course.slug for s in learner_map(user=learner).next_courses] == ["fundamentos"]


def test_a_course_closing_more_gaps_comes_first(learner, framework):
    broad, narrow = make_course("broad"), make_course("narrow")
    teach(broad, framework, "A1.1", 2)
    teach(broad, framework, "A1.2", 2)
    teach(narrow, framework, "A1.1", 3)
    LearnerGoal.objects.create(
        user=learner, role=make_role(framework, "analyst", {"A1.1": 2, "A1.2": 2})
    )
    suggestions = learner_map(user=learner).next_courses
    assert [(s.course.slug, len(s.gaps)) for s in suggestions] == [("broad", 2), ("narrow", 1)]


def test_gaps_and_next_courses_come_before_the_map_and_areas_collapse(client, learner, framework):
    teach(make_course("closer", title="Closer course"), framework, "A2.1", 2)
    LearnerGoal.objects.create(user=learner, role=make_role(framework, "analyst", {"A2.1": 2}))
    client.force_login(learner)
    content = client.get(reverse("assessments:map")).content.decode()
    assert content.index("Your next courses") < content.index('<details class="map-area"')
    assert content.index("Closer course") < content.index('<details class="map-area"')
    assert content.count('<details class="map-area"') == 2  # A1, A2: closed until opened
    assert "0 of 1 requirement met" in content


def test_the_map_api_gives_the_same(learner, framework):
    make_role(framework, "analyst", {"A1.1": 2})
    LearnerGoal.objects.create(user=learner, role=framework.roles.get())
    reach(learner, framework, "A1.1", 2)
    reach(learner, framework, "A1.2", None)
    api = APIClient()
    api.force_authenticate(learner)
    body = api.get("/api/v1/competency-map/").json()
    first, second = body[0]["areas"][0]["competencies"][:2]
    assert (first["code"], first["level"], first["required_level"], first["status"]) == (
        "A1.1",
        2,
        2,
        "met",
    )
    assert (first["state"], second["state"], second["level"]) == ("target_met", "attempted", None)


@pytest.mark.parametrize("per_area", [3, 30])  # 30 and 300 competencies
def test_the_map_runs_a_fixed_number_of_queries(
    client, learner, django_assert_max_num_queries, per_area
):
    framework = make_framework(areas=10, per_area=per_area)
    role = make_role(framework, "analyst", {f"A{a}.1": 2 for a in range(1, 11)})
    LearnerGoal.objects.create(user=learner, role=role)
    for a in range(1, 11):
        teach(make_course(f"course-{a}"), framework, f"A{a}.1", 2)
        reach(learner, framework, f"A{a}.2", 1)
        reach(learner, framework, f"A{a}.3", None)
    client.force_login(learner)
    # session, user, levels, goal, requirements, course targets, achieved families (completed,
    # passed, certified), frameworks, scales, tree, framework targets
    with django_assert_max_num_queries(13):
        response = client.get(reverse("assessments:map"))
    assert response.status_code == 200
    assert len(response.context["map"].next_courses) == 10


def test_the_map_needs_a_login(client):
    assert client.get(reverse("assessments:map"))["Location"].startswith(reverse("accounts:login"))
