"""Levels and competencies named together come from one framework: the services refuse the rest
(the admin forms show the same errors on the same fields)."""

import pytest
from django.core.exceptions import ValidationError

from competencies import services
from competencies.models import Competency, RoleRequirement, TargetRole
from courses import services as course_services
from courses.models import CourseCompetency
from tests.factories import competency, level, make_framework, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def other():
    return make_framework(title="Other")


def requirement(role, competency, level):
    return RoleRequirement(role=role, competency=competency, level=level)


def test_a_role_requires_a_competency_of_its_own_framework(framework, other):
    role = make_role(framework, "analyst", {})
    foreign = requirement(role, competency(other, "A1.1"), level(other, 2))
    assert services.role_requirement_errors(
        role=role, competency=foreign.competency, level=foreign.level
    ) == {"competency": ["Pick a competency of the role's framework."]}
    with pytest.raises(ValidationError) as caught:
        services.role_requirement_save(requirement=foreign)
    assert list(caught.value.message_dict) == ["competency"]
    assert not role.requirements.exists()


def test_a_role_requires_a_level_of_the_competencys_framework(framework, other):
    role = make_role(framework, "analyst", {})
    mixed = requirement(role, competency(framework, "A1.1"), level(other, 2))
    with pytest.raises(ValidationError) as caught:
        services.role_requirement_save(requirement=mixed)
    assert caught.value.message_dict == {
        "level": ["Pick a level of the competency's own framework."]
    }
    assert not role.requirements.exists()
    saved = services.role_requirement_save(
        requirement=requirement(role, competency(framework, "A1.1"), level(framework, 2))
    )
    assert list(TargetRole.objects.get().requirements.all()) == [saved]


def test_a_course_targets_a_level_of_the_competencys_framework(course, framework, other):
    mixed = CourseCompetency(
        course=course, competency=competency(framework, "A1.1"), level=level(other, 2)
    )
    with pytest.raises(ValidationError) as caught:
        course_services.course_target_save(target=mixed)
    assert caught.value.message_dict == {
        "level": ["Pick a level of the competency's own framework."]
    }
    assert not course.competency_targets.exists()
    mixed.level = level(framework, 2)
    course_services.course_target_save(target=mixed)
    assert course.competency_targets.get().level.rank == 2


@pytest.mark.parametrize(
    ("levels", "problems"),
    [
        ([(0, False), (1, False), (2, True)], []),
        ([(0, False), (1, True), (2, True)], ["Tick “proficient” on one level only"]),
        ([(0, False), (1, False), (1, True)], ["Each level needs its own rank"]),
    ],
)
def test_a_scale_has_one_threshold_and_distinct_ranks(levels, problems):
    errors = services.scale_errors(levels)
    assert len(errors) == len(problems)
    assert all(str(e).startswith(p) for e, p in zip(errors, problems, strict=True))


@pytest.mark.parametrize(
    ("parent_code", "in_other", "message"),
    [("A1.1", False, "inside itself"), ("A1", False, "inside itself"), ("A2", True, "same")],
)
def test_a_competency_sits_under_a_parent_of_its_framework_outside_itself(
    framework, other, parent_code, in_other, message
):
    area = competency(framework, "A1")
    area.parent = competency(other if in_other else framework, parent_code)
    with pytest.raises(ValidationError) as refused:
        services.competency_save(competency=area)
    assert message in refused.value.message_dict["parent"][0]
    area.refresh_from_db()
    assert area.parent is None


def test_saving_a_competency_rebuilds_the_tree(framework):
    moved = competency(framework, "A2.1")
    moved.parent, moved.order = competency(framework, "A1"), 9
    services.competency_save(competency=moved)
    new = services.competency_save(
        competency=Competency(framework=framework, code="A3", title="Area 3", order=3)
    )
    in_order = list(framework.competencies.order_by("tree_path").values_list("code", flat=True))
    assert in_order == ["A1", "A1.1", "A1.2", "A2.1", "A2", "A2.2", "A3"]
    assert new.tree_path
