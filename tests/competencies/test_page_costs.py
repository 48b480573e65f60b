"""Pages over the talent standards cost what they show: the courses teaching a competency come
from a stored roll-up kept with every change, lists are capped with a count and a link to the
filtered catalog, and neither queries nor the course rows built grow with the catalog."""

import pytest
from django.db.models.signals import post_init
from django.urls import reverse

from assessments.models import CompetencyLevel
from competencies.models import LearnerGoal
from courses import services, teaching
from courses.models import CompetencyTeaching, Course, CourseCompetency, CourseStatus
from tests.factories import level, make_course, make_framework, make_role, teach

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework(areas=3, per_area=3)


@pytest.fixture
def courses_built():
    """How many Course objects a block of code builds."""
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=Course)
    yield built
    post_init.disconnect(count, sender=Course)


def bulk_courses(count, *, prefix, framework=None, code="A1.1", rank=2):
    """Published courses made in bulk (as the benchmark's generator does), each teaching `code`
    when a framework is given; the roll-up rebuilt as that generator must."""
    courses = Course.objects.bulk_create(
        Course(slug=f"{prefix}-{n}", title=f"{prefix} {n:03d}", status=CourseStatus.PUBLISHED)
        for n in range(count)
    )
    if framework is not None:
        CourseCompetency.objects.bulk_create(
            CourseCompetency(
                course=course,
                competency=framework.competencies.get(code=code),
                level=level(framework, rank),
            )
            for course in courses
        )
    teaching.teaching_rebuild()
    return courses


def rollup(framework, code):
    return CompetencyTeaching.objects.get(competency__framework=framework, competency__code=code)


def shown_slugs(framework, code, rank=0):
    competency = framework.competencies.select_related("teaching_rollup").get(code=code)
    found = teaching.teaching_of([(competency, rank)], language="en")[0]
    return [taught.course.slug for taught in found.courses], found.total


# The roll-up follows every change -----------------------------------------------------------


def test_the_rollup_follows_targets_publishing_titles_and_levels(framework):
    first = make_course("first", title="Alpha")
    second = make_course("second", title="Beta")
    teach(first, framework, "A1.1", 1)
    target = teach(second, framework, "A1.1", 3)
    assert shown_slugs(framework, "A1.1") == (["first", "second"], 2)
    assert shown_slugs(framework, "A1.1", rank=2) == (["second"], 1)

    services.course_unpublish(course=first)
    assert shown_slugs(framework, "A1.1") == (["second"], 1)
    services.course_publish(course=first)
    first.title = "Zulu"
    services.course_save(course=first)
    assert shown_slugs(framework, "A1.1") == (["second", "first"], 2)

    target.competency = framework.competencies.get(code="A1.2")  # moved to another competency
    services.course_target_save(target=target)
    assert shown_slugs(framework, "A1.1") == (["first"], 1)
    assert shown_slugs(framework, "A1.2") == (["second"], 1)

    CourseCompetency.objects.filter(course=first).delete()
    assert shown_slugs(framework, "A1.1") == ([], 0)

    advanced = level(framework, 3)  # a rank renumbered: what teaches "to at least 2" changes
    advanced.rank = 9
    advanced.save()
    assert shown_slugs(framework, "A1.2", rank=4) == (["second"], 1)


def test_a_course_family_counts_once_in_the_viewers_language(framework):
    original = make_course("foundations", title="Foundations")
    spanish = make_course(
        "fundamentos", title="Fundamentos", language="es", language_version_of="foundations"
    )
    for course in (original, spanish):
        teach(course, framework, "A1.1", 2)
    competency = framework.competencies.select_related("teaching_rollup").get(code="A1.1")
    for language, slug in (("en", "foundations"), ("es", "fundamentos")):
        found = teaching.teaching_of([(competency, 0)], language=language)[0]
        assert ([t.course.slug for t in found.courses], found.total) == ([slug], 1)


def test_the_rebuild_gives_what_the_changes_kept(framework):
    for number in range(4):
        teach(make_course(f"c{number}"), framework, f"A{number % 2 + 1}.1", number % 3 + 1)
    kept = {row.competency_id: row.by_rank for row in CompetencyTeaching.objects.all()}
    CompetencyTeaching.objects.all().delete()
    teaching.teaching_rebuild()
    rebuilt = {row.competency_id: row.by_rank for row in CompetencyTeaching.objects.all()}
    assert {k: v for k, v in rebuilt.items() if v} == {k: v for k, v in kept.items() if v}


# Capped lists ---------------------------------------------------------------------------------


def test_the_framework_page_caps_each_list_and_links_to_the_catalog(
    client, framework, courses_built
):
    bulk_courses(12, prefix="many", framework=framework)
    courses_built.clear()
    response = client.get(reverse("courses:framework", args=[framework.uuid]))
    content = response.content.decode()
    row = next(row for row in response.context["rows"] if row.competency.code == "A1.1")
    assert [t.course.slug for t in row.teaching.courses] == ["many-0", "many-1", "many-2"]
    assert "12 courses teach this — see all" in content
    competency = framework.competencies.get(code="A1.1")
    assert f"{reverse('courses:catalog')}?competency={competency.uuid}" in content
    assert len(courses_built) <= teaching.KEPT  # only the versions the roll-up keeps


def test_a_role_and_the_dashboard_cap_each_requirement(client, learner, framework):
    bulk_courses(8, prefix="many", framework=framework, rank=3)
    LearnerGoal.objects.create(
        user=learner, role=make_role(framework, "analyst", {"A1.1": 2, "A2.1": 1})
    )
    for url in (reverse("courses:role", args=["analyst"]), reverse("courses:dashboard")):
        client.force_login(learner)
        response = client.get(url)
        coverage = {item.requirement.competency.code: item for item in response.context["coverage"]}
        assert len(coverage["A1.1"].courses) == teaching.SHOWN
        assert coverage["A1.1"].teaching.total == 8
        assert "8 courses teach this — see all" in response.content.decode()
        assert coverage["A2.1"].courses == []


def test_a_competency_page_caps_its_courses_and_lessons(client, framework):
    bulk_courses(5, prefix="many", framework=framework)
    one = framework.competencies.get(code="A1.1")
    response = client.get(reverse("courses:competency", args=[one.uuid]))
    page = response.context["page"]
    assert (len(page.teaching.courses), page.teaching.total) == (teaching.SHOWN, 5)
    assert "5 courses teach this — see all" in response.content.decode()


# Work that does not grow with the catalog ------------------------------------------------------


def learner_with_goal(learner, framework):
    role = make_role(framework, "analyst", {f"A{a}.{c}": 2 for a in (1, 2, 3) for c in (1, 2, 3)})
    LearnerGoal.objects.create(user=learner, role=role)
    CompetencyLevel.objects.create(
        user=learner, competency=framework.competencies.get(code="A1.2"), level=level(framework, 1)
    )


@pytest.mark.parametrize(
    "url",
    [
        "courses:framework",
        "courses:role",
        "courses:dashboard",
        "assessments:map",
        "courses:competency",
    ],
)
def test_pages_build_no_more_courses_and_run_no_more_queries_with_a_bigger_catalog(
    client, learner, framework, courses_built, django_assert_max_num_queries, url
):
    other = make_framework(title="Other standard")
    teach(make_course("closer", title="Closer"), framework, "A1.1", 2)
    learner_with_goal(learner, framework)
    client.force_login(learner)
    path = {
        "courses:framework": lambda: reverse(url, args=[framework.uuid]),
        "courses:role": lambda: reverse(url, args=["analyst"]),
        "courses:competency": lambda: reverse(
            url, args=[framework.competencies.get(code="A1.1").uuid]
        ),
    }.get(url, lambda: reverse(url))()

    def cost():
        courses_built.clear()
        with django_assert_max_num_queries(13) as queries:
            assert client.get(path).status_code == 200
        return len(queries.captured_queries), len(courses_built)

    small = cost()
    # 200 more courses: unrelated (another framework's, or teaching nothing) and, on this
    # framework, 20 more teaching a required competency.
    bulk_courses(100, prefix="unrelated")
    bulk_courses(80, prefix="elsewhere", framework=other)
    bulk_courses(20, prefix="same", framework=framework)
    large = cost()
    assert large[0] == small[0]  # the same queries
    assert large[1] <= small[1] + teaching.KEPT  # at most the kept versions of one competency


def test_the_map_suggests_from_the_rollup_in_the_learners_gaps(learner, framework):
    from assessments.learner_map import NEXT_COURSES, learner_map

    bulk_courses(30, prefix="many", framework=framework, code="A1.1")
    learner_with_goal(learner, framework)
    found = learner_map(user=learner)
    cell = next(
        c for m in found.frameworks for a in m.areas for c in a.cells if c.competency.code == "A1.1"
    )
    assert len(cell.teaching) == teaching.SHOWN
    assert len(found.next_courses) <= NEXT_COURSES
