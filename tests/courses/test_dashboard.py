import pytest
from django.urls import reverse

from courses import services
from tests.factories import make_course

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("courses:dashboard")


def test_the_dashboard_needs_a_login(client):
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:login"))


def test_it_groups_my_courses_with_progress_and_continue_links(client, learner, other_learner):
    active = make_course("active", modules=1, lessons=4)
    done = make_course("done", modules=1, lessons=1)
    left = make_course("left")
    for course in (active, done, left):
        services.enrollment_create(learner=learner, course=course)
    first, second, *_ = active.modules.get().lessons.all()
    services.lesson_complete(learner=learner, lesson=first)
    services.lesson_complete(learner=learner, lesson=done.modules.get().lessons.get())
    services.enrollment_withdraw(enrollment=left.enrollments.get())
    services.enrollment_create(learner=other_learner, course=active)  # not mine

    client.force_login(learner)
    response = client.get(DASHBOARD)
    groups = response.context["groups"]
    assert [e.enrollment.course.slug for e in groups["active"]] == ["active"]
    assert [e.enrollment.course.slug for e in groups["completed"]] == ["done"]
    assert [e.enrollment.course.slug for e in groups["withdrawn"]] == ["left"]
    entry = groups["active"][0]
    assert (entry.completed, entry.lessons, entry.percent) == (1, 4, 25)
    content = response.content.decode()
    assert reverse("courses:lesson", args=["active", second.pk]) in content
    assert "1 of 4 lessons done" in content and "Re-enrol" in content


@pytest.mark.parametrize("courses", [2, 40])
def test_dashboard_queries_do_not_grow_with_enrolments(
    client, learner, django_assert_max_num_queries, courses
):
    for number in range(courses):
        course = make_course(f"c{number}", modules=2, lessons=3)
        services.enrollment_create(learner=learner, course=course)
        services.lesson_complete(learner=learner, lesson=course.modules.first().lessons.first())
    client.force_login(learner)
    # session, user, goal, completed, passed and certified families, enrolments with courses,
    # lessons, progress, grades, certificates
    with django_assert_max_num_queries(11):
        assert client.get(DASHBOARD).status_code == 200
