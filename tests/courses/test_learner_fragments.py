"""Parts of signed-in pages kept per learner (core.page_cache.fragment_key and the `fragment`
tag): read from the cache while nothing they show has changed, and every write that changes them
shows on the next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import services as assessments
from certificates import services as certificates
from competencies import services as competencies
from core import page_cache
from courses import services
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import InstructorFactory, make_course, teach
from tests.text import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]

MAP, DASHBOARD = reverse("assessments:map"), reverse("courses:dashboard")


def sign_in(user, client=None) -> Client:
    """Signed in, holding a CSRF cookie (every signed-in page sets one), so pages keep fragments."""
    client = client or Client()
    client.force_login(user)
    client.get(DASHBOARD)
    return client


@pytest.fixture
def signed_in(learner):
    return sign_in(learner)


def queries(client, url) -> tuple[int, str]:
    """The queries of a read and the page's text."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), page_text(response.content.decode())


BUILT: list[str] = []  # the keys of the fragments and data built, not read from the cache


@pytest.fixture(autouse=True)
def recording(monkeypatch):
    keep = page_cache.kept

    def recorded(key, build):
        def building():
            BUILT.append(key)
            return build()

        return keep(key, building)

    monkeypatch.setattr(page_cache, "kept", recorded)
    BUILT.clear()


def kept(client, url) -> str:
    """The page read twice: the first read builds what changed and keeps it, the second reads
    it from the cache and builds nothing."""
    BUILT.clear()
    text = queries(client, url)[1]
    assert [key for key in BUILT if key], "the first read keeps what it built"
    BUILT.clear()
    assert queries(client, url)[1] == text
    assert not [key for key in BUILT if key], "the second read builds nothing"
    return text


def pass_quiz(learner, course, framework):
    quiz = make_assessment(
        course,
        [
            make_question(
                course,
                competency=framework.competencies.get(code="A1.1"),
                level=framework.levels.get(rank=2),
            )
        ],
    )
    attempt = assessments.attempt_start(learner=learner, assessment=quiz)
    answers = {str(position): answer for position, answer in right_answers(attempt).items()}
    assessments.attempt_submit(attempt=attempt, answers=answers)


def test_the_map_shows_a_new_level_a_goal_and_an_edited_competency_at_once(
    signed_in, learner, course, framework
):
    services.enrollment_create(learner=learner, course=course)
    assert "Not attempted" in kept(signed_in, MAP)
    pass_quiz(learner, course, framework)
    text = kept(signed_in, MAP)
    assert "Proficient" in text and "Your goal" not in text
    competencies.learner_goal_set(user=learner, role=framework.roles.get())
    assert "Your goal" in kept(signed_in, MAP)
    renamed = framework.competencies.get(code="A1.2")
    renamed.title = "Customs paperwork"
    competencies.competency_save(competency=renamed)
    assert "Customs paperwork" in kept(signed_in, MAP)


def test_the_dashboard_shows_an_enrolment_progress_and_completion_at_once(
    signed_in, learner, course, lessons
):
    assert "You have not enrolled" in kept(signed_in, DASHBOARD)
    services.enrollment_create(learner=learner, course=course)
    text = kept(signed_in, DASHBOARD)
    assert course.title in text and "0 of 4" in text
    services.lesson_complete(learner=learner, lesson=lessons[0])
    assert "1 of 4" in kept(signed_in, DASHBOARD)
    for lesson in lessons[1:]:
        services.lesson_complete(learner=learner, lesson=lesson)
    assert "Completed" in kept(signed_in, DASHBOARD)


def test_the_role_page_marks_a_completed_course_done_at_once(
    signed_in, learner, course, lessons, framework
):
    url = reverse("courses:role", args=["export-specialist"])
    assert "done" not in kept(signed_in, url).split()
    services.enrollment_create(learner=learner, course=course)
    for lesson in lessons:
        services.lesson_complete(learner=learner, lesson=lesson)
    assert "done" in kept(signed_in, url).split()


def test_the_framework_page_shows_a_newly_published_course_at_once(
    signed_in, instructor, framework
):
    url = reverse("courses:framework", args=[framework.uuid])
    assert "Landed cost" not in kept(signed_in, url)
    teach(make_course("landed-cost", title="Landed cost"), framework, "A1.2", 2)
    assert "Landed cost" in kept(signed_in, url)


def test_each_learner_sees_their_own_fragment(signed_in, learner, other_learner, course):
    services.enrollment_create(learner=learner, course=course)
    assert course.title in kept(signed_in, DASHBOARD)
    other = sign_in(other_learner)
    assert "You have not enrolled" in kept(other, DASHBOARD)


def test_a_kept_form_works_after_signing_in_again(signed_in, learner, course):
    """A fragment's form carries a CSRF token of the session it was rendered in."""
    services.enrollment_withdraw(
        enrollment=services.enrollment_create(learner=learner, course=course)
    )
    assert "Re-enrol" in kept(signed_in, DASHBOARD)
    checked = Client(enforce_csrf_checks=True)
    checked.cookies = signed_in.cookies
    checked.logout()
    sign_in(learner, checked)  # a new CSRF secret
    page = checked.get(DASHBOARD).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 2)[2].split('"', 1)[0]
    response = checked.post(
        reverse("courses:enroll", args=[course.slug]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_nothing_is_kept_without_a_shared_cache(settings, signed_in, learner, course):
    settings.SHARED_CACHE = False
    BUILT.clear()
    signed_in.get(DASHBOARD)
    signed_in.get(DASHBOARD)
    assert BUILT == [None, None]  # built on each read, kept nowhere


def test_the_dashboard_shows_an_awarded_and_a_revoked_certificate_at_once(
    signed_in, learner, course, superuser
):
    services.enrollment_create(learner=learner, course=course)
    assert "View your certificate" not in kept(signed_in, DASHBOARD)
    certificate, _created = certificates.certificate_award(
        course=course, learner=learner, by=superuser, reason="Recognised prior learning"
    )
    assert "View your certificate" in kept(signed_in, DASHBOARD)
    certificates.certificate_revoke(certificate=certificate, reason="Issued in error")
    assert "Certificate revoked" in kept(signed_in, DASHBOARD)


def test_the_course_outline_shows_a_lesson_done_and_a_new_lesson_at_once(
    signed_in, learner, course, lessons
):
    url = reverse("courses:detail", args=[course.slug])
    services.enrollment_create(learner=learner, course=course)
    assert "· done" not in kept(signed_in, url)
    services.lesson_complete(learner=learner, lesson=lessons[0])
    assert kept(signed_in, url).count("· done") == 1
    course.modules.first().lessons.create(title="Reading a bill of lading", order=9, minutes=5)
    assert "Reading a bill of lading" in kept(signed_in, url)


def test_a_kept_fragment_costs_no_query_of_what_it_shows(signed_in, learner, course, framework):
    """The map and the dashboard read their data lazily: only to render the fragment."""
    services.enrollment_create(learner=learner, course=course)
    for url in (MAP, DASHBOARD):
        rendered = queries(signed_in, url)[0]
        assert queries(signed_in, url)[0] <= rendered - 3


def test_the_signed_in_catalog_shows_a_new_course_and_an_edited_title_at_once(signed_in, course):
    catalog = reverse("courses:catalog")
    assert course.title in kept(signed_in, catalog)
    make_course("landed-cost", title="Landed cost")
    assert "Landed cost" in kept(signed_in, catalog)
    course.title = "Incoterms in Practice"
    services.course_save(course=course)
    assert "Incoterms in Practice" in kept(signed_in, catalog)


def test_the_api_lists_show_a_new_course_enrolment_and_progress_at_once(learner, course, lessons):
    api = APIClient()
    api.force_authenticate(learner)
    courses, mine = "/api/v1/courses/", "/api/v1/enrollments/"
    assert [row["slug"] for row in kept_json(api, courses)["results"]] == [course.slug]
    make_course("landed-cost", title="Landed cost")
    assert len(kept_json(api, courses)["results"]) == 2
    assert kept_json(api, mine) == []
    services.enrollment_create(learner=learner, course=course)
    assert kept_json(api, mine)[0]["completed_lessons"] == 0
    services.lesson_complete(learner=learner, lesson=lessons[0])
    assert kept_json(api, mine)[0]["completed_lessons"] == 1


def kept_json(api, url):
    BUILT.clear()
    data = api.get(url).json()
    assert [key for key in BUILT if key], "the first read keeps what it built"
    BUILT.clear()
    assert api.get(url).json() == data
    assert not [key for key in BUILT if key], "the second read builds nothing"
    return data


def test_a_course_s_lessons_are_kept_and_a_reordering_shows_at_once(
    signed_in, learner, course, lessons
):
    """The outline's lessons are kept per course (the course page and every lesson page read
    them); renumbering, which writes with update(), retires them."""
    services.enrollment_create(learner=learner, course=course)
    url = reverse("courses:lesson", args=[course.slug, lessons[0].pk])
    assert "Lesson 1 of 4" in kept(signed_in, url)
    first = lessons[0]
    first.order = 99
    first.save(update_fields=["order"])  # a signal retires the course's pages…
    assert "Lesson 2 of 4" in kept(signed_in, url)
    services.course_renumber(course=course)  # … and so does renumbering
    assert "Lesson 2 of 4" in kept(signed_in, url)


def test_the_course_page_shows_a_certificate_and_a_new_instructor_at_once(
    signed_in, learner, course, superuser
):
    url = reverse("courses:detail", args=[course.slug])
    services.enrollment_create(learner=learner, course=course)
    assert "View your certificate" not in kept(signed_in, url)
    certificates.certificate_award(
        course=course, learner=learner, by=superuser, reason="Recognised prior learning"
    )
    assert "View your certificate" in kept(signed_in, url)
    other = InstructorFactory(email="lin.hua@example.com", full_name="Lin Hua")
    course.instructors.add(other)
    assert "Lin Hua" in kept(signed_in, url)


def test_the_lesson_page_outline_marks_a_lesson_done_at_once(signed_in, learner, course, lessons):
    services.enrollment_create(learner=learner, course=course)
    url = reverse("courses:lesson", args=[course.slug, lessons[1].pk])
    assert "0 of 4 done" in kept(signed_in, url)
    services.lesson_complete(learner=learner, lesson=lessons[0])
    assert "1 of 4 done" in kept(signed_in, url)


def test_a_recomputed_course_grade_shows_on_the_dashboard_at_once(
    signed_in, learner, course, framework
):
    """A change of grading rules recomputes every learner's grade in a task, outside the
    submit path: it takes the learner's lock, which retires their pages."""
    services.enrollment_create(learner=learner, course=course)
    pass_quiz(learner, course, framework)
    assert "100%" in kept(signed_in, DASHBOARD).replace(" ", "")
    make_assessment(course, [make_question(course)], title="Final exam")  # not yet taken
    kept(signed_in, DASHBOARD)  # read between the change and the recomputation
    assessments.course_grades_recompute(course_id=course.pk)
    assert "50%" in kept(signed_in, DASHBOARD).replace(" ", "")


def test_each_time_zone_gets_its_own_kept_dates(learner, other_learner, course):
    """Dates are written in the signed-in reader's time zone: it is part of the key."""
    from accounts import services as accounts

    accounts.user_update_profile(user=other_learner, time_zone="Asia/Tokyo")
    published = []
    for person in (learner, other_learner):
        client = APIClient()
        client.force_login(person)  # a session: the reader's time zone is active
        published.append(kept_json(client, "/api/v1/courses/")["results"][0]["published_at"])
    assert published[0].endswith("Z") and published[1].endswith("+09:00")
