import pytest

from core.bidi import isolate
from courses import services
from courses.models import Enrollment
from tests.factories import make_course

pytestmark = pytest.mark.django_db


def test_anyone_lists_published_courses_with_filters(api, course, draft):
    make_course("fx", title="FX risk", level="advanced")
    response = api.get("/api/v1/courses/", {"sort": "title"})
    assert response.status_code == 200
    body = response.json()
    assert [c["slug"] for c in body["results"]] == ["fx", "incoterms-basics"]
    assert body["results"][1]["lessons"] == 4 and body["results"][1]["minutes"] == 40
    assert [
        c["slug"] for c in api.get("/api/v1/courses/", {"level": "advanced"}).json()["results"]
    ] == ["fx"]


def test_a_bad_filter_gets_a_400(api):
    response = api.get("/api/v1/courses/", {"level": "wizard"})
    assert response.status_code == 400
    assert "level" in response.json()["errors"]


def test_the_list_is_cursor_paginated(api):
    for number in range(14):
        make_course(f"c{number:02}", modules=1, lessons=1)
    first = api.get("/api/v1/courses/", {"sort": "title"}).json()
    assert len(first["results"]) == 12 and "cursor=" in first["next"]
    second = api.get(first["next"]).json()
    assert [c["slug"] for c in second["results"]] == ["c12", "c13"]


@pytest.mark.parametrize("count", [5, 200])
def test_list_queries_do_not_grow(api, django_assert_max_num_queries, count):
    for number in range(count):
        make_course(f"c{number}", modules=1, lessons=1)
    # courses page, versions, lesson totals, competency filter choices
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/courses/").status_code == 200


def test_detail_shows_the_outline_and_my_progress(api, learner, enrollment, lessons):
    services.lesson_complete(learner=learner, lesson=lessons[0])
    api.force_authenticate(learner)
    body = api.get("/api/v1/courses/incoterms-basics/").json()
    assert [m["title"] for m in body["modules"]] == ["Module 1", "Module 2"]
    assert body["modules"][0]["lessons"][0]["completed"] is True
    assert body["enrollment"]["completed_lessons"] == 1
    assert body["enrollment"]["resume_lesson_id"] == lessons[1].pk
    assert "Body of lesson" not in str(body)  # the outline has no lesson bodies


def test_a_draft_is_404_except_for_its_instructor(api, draft, learner, instructor):
    api.force_authenticate(learner)
    assert api.get("/api/v1/courses/draft-course/").status_code == 404
    api.force_authenticate(instructor)
    assert api.get("/api/v1/courses/draft-course/").json()["status"] == "draft"


def test_enrolling_creates_once(api, learner, course):
    assert api.post("/api/v1/courses/incoterms-basics/enrollment/").status_code == 401
    api.force_authenticate(learner)
    assert api.post("/api/v1/courses/incoterms-basics/enrollment/").status_code == 201
    assert api.post("/api/v1/courses/incoterms-basics/enrollment/").status_code == 200
    assert Enrollment.objects.count() == 1


def test_enrolling_against_the_rules_is_a_409_with_the_reason(api, learner):
    make_course("basics")
    make_course("advanced", prerequisites=["basics"], prerequisites_enforced=True)
    api.force_authenticate(learner)
    response = api.post("/api/v1/courses/advanced/enrollment/")
    assert response.status_code == 409
    assert response.json()["detail"] == f"Complete these courses first: {isolate('Basics')}."


def test_leaving_a_course(api, learner, enrollment):
    api.force_authenticate(learner)
    assert api.delete("/api/v1/courses/incoterms-basics/enrollment/").status_code == 204
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"


def test_my_enrolments_with_progress(
    api, learner, other_learner, enrollment, lessons, django_assert_max_num_queries
):
    services.lesson_complete(learner=learner, lesson=lessons[0])
    services.enrollment_create(learner=other_learner, course=enrollment.course)
    api.force_authenticate(learner)
    # enrolments with courses, lessons, progress, grades, certificates, completed, passed and
    # certified families
    with django_assert_max_num_queries(8):
        body = api.get("/api/v1/enrollments/").json()
    assert body == [
        {
            "status": "active",
            "enrolled_at": body[0]["enrolled_at"],
            "completed_at": None,
            "lessons": 4,
            "completed_lessons": 1,
            "percent": 25,
            "resume_lesson_id": lessons[1].pk,
            "course": "incoterms-basics",
            "course_title": "Incoterms Basics",
            "grade": None,
            "certificate": None,
            "achieved": False,
            "achieved_in": None,
        }
    ]


def test_a_lesson_body_needs_an_enrolment_unless_it_is_a_preview(api, learner, course, lessons):
    api.force_authenticate(learner)
    assert api.get(f"/api/v1/lessons/{lessons[0].pk}/").status_code == 200  # free preview
    assert api.get(f"/api/v1/lessons/{lessons[1].pk}/").status_code == 403
    services.enrollment_create(learner=learner, course=course)
    body = api.get(f"/api/v1/lessons/{lessons[1].pk}/").json()
    assert body["body_html"] == "<p>Body of lesson 1.2 in incoterms-basics.</p>"
    assert (body["previous_lesson_id"], body["next_lesson_id"]) == (lessons[0].pk, lessons[2].pk)


def test_completing_a_lesson_over_the_api(api, learner, other_learner, enrollment, lessons):
    api.force_authenticate(other_learner)
    assert api.post(f"/api/v1/lessons/{lessons[0].pk}/completion/").status_code == 403
    api.force_authenticate(learner)
    for lesson in lessons:
        body = api.post(f"/api/v1/lessons/{lesson.pk}/completion/").json()
    assert body["status"] == "completed" and body["percent"] == 100
    assert api.post(f"/api/v1/lessons/{lessons[0].pk}/completion/").status_code == 200


def test_lessons_of_drafts_are_404(api, learner, draft):
    lesson = draft.modules.first().lessons.first()
    api.force_authenticate(learner)
    assert api.get(f"/api/v1/lessons/{lesson.pk}/").status_code == 404
    assert api.post(f"/api/v1/lessons/{lesson.pk}/completion/").status_code == 404


def test_the_schema_lists_every_course_endpoint(api):
    schema = api.get("/api/schema/").content.decode()
    for path in [
        "/api/v1/courses/",
        "/api/v1/courses/{slug}/",
        "/api/v1/courses/{slug}/enrollment/",
        "/api/v1/enrollments/",
        "/api/v1/lessons/{lesson_id}/",
        "/api/v1/lessons/{lesson_id}/completion/",
    ]:
        assert path in schema


def test_the_list_gives_thumbnails_as_absolute_urls(api, course):
    from django.core.files.base import ContentFile

    assert api.get("/api/v1/courses/").json()["results"][0]["cover_thumbnail"] is None
    course.cover_thumbnail.save("t.webp", ContentFile(b"RIFF"), save=True)
    url = api.get("/api/v1/courses/").json()["results"][0]["cover_thumbnail"]
    assert url.startswith("http://testserver/") and url.endswith(".webp")


@pytest.mark.parametrize("courses", [2, 40])
def test_my_enrolments_queries_do_not_grow(api, learner, django_assert_max_num_queries, courses):
    for number in range(courses):
        course = make_course(f"c{number}", modules=2, lessons=2)
        services.enrollment_create(learner=learner, course=course)
    api.force_authenticate(learner)
    # enrolments with courses, lessons, progress, grades, certificates, completed, passed and
    # certified families
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/enrollments/").json()) == courses
