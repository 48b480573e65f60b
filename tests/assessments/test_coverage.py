"""An instructor's coverage heat map: every enrolled learner once per competency, by country."""

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.models import CompetencyLevel
from courses import services as course_services
from courses.models import Enrollment
from tests.factories import InstructorFactory, make_course, make_framework, teach

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def ops(instructor, framework):
    course = make_course("ops", instructors=(instructor.email,))
    teach(course, framework, "A1.1", 2)
    teach(course, framework, "A1.2", 1)
    return course


def reach(user, framework, code, rank):
    CompetencyLevel.objects.create(
        user=user,
        competency=framework.competencies.get(code=code),
        level=None if rank is None else framework.levels.get(rank=rank),
    )


def by_rank(row):
    return [(cell.level.rank, cell.learners) for cell in row.cells]


def test_every_enrolled_learner_is_counted_once_per_competency(
    client, instructor, learner, other_learner, framework, ops
):
    third = User.objects.create_user(email="third@example.com", password="x" * 12)
    for person in (learner, other_learner, third):
        course_services.enrollment_create(learner=person, course=ops)
    reach(learner, framework, "A1.1", 2)
    reach(other_learner, framework, "A1.1", None)  # tried, below every level
    # third: no evidence at all
    client.force_login(instructor)
    response = client.get(reverse("assessments:coverage", args=["ops"]))
    (table,) = response.context["tables"]
    first, second = table.rows
    assert by_rank(first) == [(0, 2), (1, 0), (2, 1), (3, 0)]
    assert by_rank(second) == [(0, 3), (1, 0), (2, 0), (3, 0)]
    for row in table.rows:
        assert sum(cell.learners for cell in row.cells) == response.context["learners"] == 3
    assert (first.at_target, [c.percent for c in first.cells]) == (1, [67, 0, 33, 0])
    assert [cell.is_target for cell in first.cells] == [False, False, True, False]


def test_the_heat_map_shows_counts_and_shares_as_text(client, instructor, learner, framework, ops):
    course_services.enrollment_create(learner=learner, course=ops)
    reach(learner, framework, "A1.1", 2)
    client.force_login(instructor)
    content = client.get(reverse("assessments:coverage", args=["ops"])).content.decode()
    assert (
        'style="--share: 1.000"><strong>1</strong><span class="share">'
        '<bdi class="unit" dir="ltr">100%</bdi></span>'
    ) in content
    assert "(course target)" in content


def test_the_country_filter_counts_only_learners_from_there(
    client, instructor, learner, other_learner, framework, ops
):
    learner.country, other_learner.country = "MA", "KZ"
    learner.save()
    other_learner.save()
    for person in (learner, other_learner):
        course_services.enrollment_create(learner=person, course=ops)
    reach(learner, framework, "A1.1", 2)
    reach(other_learner, framework, "A1.1", 1)
    client.force_login(instructor)
    response = client.get(reverse("assessments:coverage", args=["ops"]), {"country": "MA"})
    assert response.context["learners"] == 1
    assert by_rank(response.context["tables"][0].rows[0]) == [(0, 0), (1, 0), (2, 1), (3, 0)]
    assert [code for code, _name in response.context["countries"]] == ["KZ", "MA"]
    assert "Morocco" in response.content.decode()


@pytest.mark.parametrize("learners", [5, 50])
def test_coverage_runs_a_fixed_number_of_queries(
    client, instructor, framework, ops, django_assert_max_num_queries, learners
):
    users = User.objects.bulk_create(
        User(email=f"l{n}@example.com", country="MA" if n % 2 else "BR") for n in range(learners)
    )
    Enrollment.objects.bulk_create(Enrollment(user=user, course=ops) for user in users)
    levels = list(framework.levels.order_by("rank"))
    competency = framework.competencies.get(code="A1.1")
    CompetencyLevel.objects.bulk_create(
        CompetencyLevel(user=user, competency=competency, level=levels[n % 4])
        for n, user in enumerate(users)
    )
    client.force_login(instructor)
    # session, user, course, viewer's enrolment, teaches, targets, learner count, levels,
    # scales, countries
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessments:coverage", args=["ops"]))
    row = response.context["tables"][0].rows[0]
    assert sum(cell.learners for cell in row.cells) == learners


def test_learners_and_other_instructors_cannot_see_coverage(client, learner, ops):
    for person in (learner, InstructorFactory()):
        client.force_login(person)
        assert client.get(reverse("assessments:coverage", args=["ops"])).status_code == 404


def test_the_country_filter_is_in_the_instructors_alphabetical_order(
    client, instructor, learner, other_learner, ops
):
    learner.country, other_learner.country = "KZ", "MA"
    learner.save()
    other_learner.save()
    for person in (learner, other_learner):
        course_services.enrollment_create(learner=person, course=ops)
    instructor.language = "ar"
    instructor.save()
    client.force_login(instructor)
    response = client.get(reverse("assessments:coverage", args=["ops"]))
    # المغرب (Morocco) before كازاخستان (Kazakhstan): the reverse of the English order.
    assert [code for code, _name in response.context["countries"]] == ["MA", "KZ"]
