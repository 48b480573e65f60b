import pytest
from django.urls import reverse

from courses import services
from tests.factories import make_course

pytestmark = pytest.mark.django_db


def detail(slug):
    return reverse("courses:detail", args=[slug])


def test_anyone_sees_a_published_course_with_its_outline(client, course, instructor):
    response = client.get(detail(course.slug))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>incoterms-basics</strong>" in content  # description rendered from Markdown
    for title in ["Module 1", "Lesson 1.1", "Lesson 2.2", instructor.full_name, "Log in to enrol"]:
        assert title in content


@pytest.mark.parametrize("who", ["anonymous", "learner", "other_instructor"])
def test_a_draft_is_invisible_to_everyone_but_its_instructors(
    client, draft, learner, who, django_user_model
):
    if who == "learner":
        client.force_login(learner)
    elif who == "other_instructor":
        from tests.factories import InstructorFactory

        client.force_login(InstructorFactory())
    assert client.get(detail(draft.slug)).status_code == 404
    lesson = draft.modules.first().lessons.first()
    assert client.get(reverse("courses:lesson", args=[draft.slug, lesson.pk])).status_code == 404


def test_its_instructor_previews_a_draft(client, draft, instructor):
    client.force_login(instructor)
    response = client.get(detail(draft.slug))
    assert response.status_code == 200
    assert b"Preview: this course is Draft" in response.content
    assert b"Enrol for free" not in response.content


def test_an_archived_course_stays_open_to_its_learners(client, course, learner, other_learner):
    services.enrollment_create(learner=learner, course=course)
    services.course_archive(course=course)
    client.force_login(other_learner)
    assert client.get(detail(course.slug)).status_code == 404
    client.force_login(learner)
    assert client.get(detail(course.slug)).status_code == 200


def test_an_enrolled_learner_sees_progress_and_where_to_continue(
    client, learner, enrollment, lessons
):
    services.lesson_complete(learner=learner, lesson=lessons[0])
    client.force_login(learner)
    response = client.get(detail(enrollment.course.slug))
    content = response.content.decode()
    assert "1 of 4 lessons done" in content
    assert 'value="25"' in content
    resume = reverse("courses:lesson", args=[enrollment.course.slug, lessons[1].pk])
    assert f'href="{resume}">Continue where you left off' in content


def test_language_versions_and_prerequisites_are_linked(client):
    make_course("basics")
    make_course("basics-es", language="es", language_version_of="basics")
    make_course("advanced", prerequisites=["basics"], prerequisites_enforced=True)
    content = client.get(detail("basics")).content.decode()
    assert detail("basics-es") in content and "español" in content
    content = client.get(detail("advanced")).content.decode()
    assert "Required before enrolling" in content and detail("basics") in content


@pytest.mark.parametrize(("modules", "lessons"), [(2, 5), (10, 30)])
def test_course_page_queries_do_not_grow_with_lessons(
    client, learner, django_assert_max_num_queries, modules, lessons
):
    course = make_course("big", modules=modules, lessons=lessons)
    enrollment = services.enrollment_create(learner=learner, course=course)
    for lesson in list(course.modules.first().lessons.all())[:3]:
        services.lesson_complete(learner=learner, lesson=lesson)
    client.force_login(learner)
    # session, user, course, enrolment, modules, lessons, progress, competencies, instructors,
    # versions, prerequisites, assessments; completed, passed and certified families, family
    # enrolments, grades, certificates
    with django_assert_max_num_queries(18):
        response = client.get(detail(course.slug))
    assert response.status_code == 200
    assert enrollment.progress.count() == 3


def test_draft_prerequisites_are_not_shown_publicly(client):
    make_course("secret-plan", title="Secret plan", status="draft")
    make_course("public", prerequisites=["secret-plan"])
    assert b"Secret plan" not in client.get(detail("public")).content


def test_an_unpublished_course_stays_open_to_its_learners(client, learner, course, enrollment):
    services.course_unpublish(course=course)
    client.force_login(learner)
    assert client.get(detail(course.slug)).status_code == 200
    client.logout()
    assert client.get(detail(course.slug)).status_code == 404


def test_its_instructors_get_a_link_to_their_learners_coverage(client, course, instructor, learner):
    coverage = reverse("assessments:coverage", args=[course.slug])
    client.force_login(learner)
    assert coverage not in client.get(detail(course.slug)).content.decode()
    client.force_login(instructor)
    assert coverage in client.get(detail(course.slug)).content.decode()
