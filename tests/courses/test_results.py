"""The learner's view of results: progress, course grade, pass or not, and the certificate, on the
dashboard, the course page and `GET /api/v1/enrollments/`; a course family counts as one."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import services as assessment_services
from certificates import services as certificate_services
from competencies.models import LearnerGoal
from courses import services
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.courses.conftest import complete
from tests.factories import make_course, make_framework, make_role, teach
from tests.text import page_text

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("courses:dashboard")


def take_quiz(learner, course, *, right: bool):
    quiz = make_assessment(course, [make_question(course)], title=f"Quiz of {course.slug}")
    attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    answers = right_answers(attempt) if right else {}
    assessment_services.attempt_submit(attempt=attempt, answers=answers)


def award(learner, instructor, course):
    certificate, _created = certificate_services.certificate_issue(
        user=learner, course=course, awarded_by=instructor, reason="Transfer credit."
    )
    return certificate


def verify_url(certificate):
    return reverse("verify", args=[certificate.public_id])


def slugs(entries):
    return [entry.enrollment.course.slug for entry in entries]


# Dashboard -------------------------------------------------------------------------------------


def test_a_certified_course_is_completed_never_in_progress_at_zero(
    client, learner, instructor, foundations
):
    services.enrollment_create(learner=learner, course=foundations)
    certificate = award(learner, instructor, foundations)  # no lesson done
    client.force_login(learner)
    response = client.get(DASHBOARD)
    groups = response.context["groups"]
    assert (slugs(groups["active"]), slugs(groups["completed"])) == ([], ["foundations"])
    content = response.content.decode()
    assert "In progress" not in content and "<progress" not in content
    assert "Certified" in content and verify_url(certificate) in content
    assert reverse("certificates") in content


def test_the_dashboard_shows_each_course_grade_and_whether_it_passed(
    client, learner, foundations, logistics
):
    services.enrollment_create(learner=learner, course=foundations)
    take_quiz(learner, foundations, right=True)
    other = make_course("other")
    services.enrollment_create(learner=learner, course=other)
    take_quiz(learner, other, right=False)
    client.force_login(learner)
    response = client.get(DASHBOARD)
    groups = response.context["groups"]
    assert slugs(groups["completed"]) == ["foundations"]  # passed: the family is achieved
    assert slugs(groups["active"]) == ["other"]
    passed, failed = groups["completed"][0], groups["active"][0]
    assert (passed.result.grade.percent, passed.result.grade.passed) == (100, True)
    assert (failed.result.grade.percent, failed.result.grade.passed) == (0, False)
    content = response.content.decode()
    assert "Course grade: 100%" in page_text(content) and "passed" in content
    assert "Course grade: 0%" in page_text(content) and "not passed yet" in content


def test_a_course_earned_in_another_language_version_shows_where(
    client, learner, foundations, spanish
):
    complete(learner, spanish)
    services.enrollment_create(learner=learner, course=foundations)  # starts again in English
    client.force_login(learner)
    response = client.get(DASHBOARD)
    groups = response.context["groups"]
    assert slugs(groups["completed"]) == ["foundations", "fundamentos"]
    english = groups["completed"][0]
    assert english.completed == 0 and english.result.earned_in == spanish
    content = response.content.decode()
    assert "You earned this course in the" in content
    assert reverse("courses:detail", args=["fundamentos"]) in content


def test_a_revoked_certificate_no_longer_counts_but_is_shown_as_revoked(
    client, learner, instructor, foundations
):
    services.enrollment_create(learner=learner, course=foundations)
    certificate = award(learner, instructor, foundations)
    certificate_services.certificate_revoke(certificate=certificate, reason="Error.")
    client.force_login(learner)
    response = client.get(DASHBOARD)
    assert slugs(response.context["groups"]["active"]) == ["foundations"]
    assert "Certificate revoked" in response.content.decode()


@pytest.mark.parametrize("courses", [2, 40])
def test_dashboard_with_grades_and_certificates_runs_a_fixed_number_of_queries(
    client, learner, instructor, django_assert_max_num_queries, courses
):
    for number in range(courses):
        course = make_course(f"c{number}", modules=1, lessons=2)
        services.enrollment_create(learner=learner, course=course)
        if number % 2:
            take_quiz(learner, course, right=False)
        else:
            award(learner, instructor, course)
    client.force_login(learner)
    # session, user, goal, completed families, passed families, certified families, enrolments
    # with courses, lessons, progress, grades, certificates with courses
    with django_assert_max_num_queries(11):
        response = client.get(DASHBOARD)
    assert response.content.decode().count("Certified") == (courses + 1) // 2


# Course page -----------------------------------------------------------------------------------


def test_the_course_page_shows_which_prerequisites_are_met_counting_any_version(
    client, learner, spanish, logistics
):
    client.force_login(learner)
    page = client.get(reverse("courses:detail", args=["logistics"])).content.decode()
    assert "not yet" in page and "Enrol for free" not in page
    assert "Complete the required courses below to enrol." in page
    complete(learner, spanish)
    page = client.get(reverse("courses:detail", args=["logistics"])).content.decode()
    assert "not yet" not in page and "Enrol for free" in page
    assert '<span class="done-mark">done</span>' in page


def test_the_course_page_shows_my_grade_and_certificate(client, learner, instructor, foundations):
    services.enrollment_create(learner=learner, course=foundations)
    take_quiz(learner, foundations, right=True)
    certificate = award(learner, instructor, foundations)
    client.force_login(learner)
    page = client.get(reverse("courses:detail", args=["foundations"])).content.decode()
    assert "Course grade: 100%" in page_text(page) and "Certified" in page
    assert verify_url(certificate) in page


def test_a_version_page_links_my_other_version_and_says_what_carries_over(
    client, learner, instructor, foundations, spanish
):
    services.enrollment_create(learner=learner, course=spanish)
    services.lesson_complete(learner=learner, lesson=spanish.modules.get().lessons.first())
    client.force_login(learner)
    page = client.get(reverse("courses:detail", args=["foundations"])).content.decode()
    assert "Your other language versions" in page
    assert reverse("courses:detail", args=["fundamentos"]) in page and "1 of 3 lessons" in page
    assert "Each language version keeps its own progress, attempts and course grade." in page
    assert "Enrol for free" in page  # studying it again in English is allowed

    certificate = award(learner, instructor, spanish)
    page = client.get(reverse("courses:detail", args=["foundations"])).content.decode()
    assert "You earned this course in the" in page and verify_url(certificate) in page


@pytest.mark.parametrize("versions", [1, 3])
def test_course_page_queries_do_not_grow_with_versions(
    client, learner, instructor, django_assert_max_num_queries, foundations, versions
):
    for number, language in enumerate(["es", "fr", "ar"][:versions]):
        version = make_course(f"v{number}", language=language, language_version_of="foundations")
        services.enrollment_create(learner=learner, course=version)
        award(learner, instructor, version) if number == 0 else None
    services.enrollment_create(learner=learner, course=foundations)
    client.force_login(learner)
    # session, user, course, enrolment, modules, lessons, progress, competencies, instructors,
    # versions, prerequisites, assessments; completed, passed and certified families; family
    # enrolments, grades, certificates; other versions' lessons and progress
    with django_assert_max_num_queries(20):
        assert client.get(reverse("courses:detail", args=["foundations"])).status_code == 200


# API -------------------------------------------------------------------------------------------


def test_my_enrolments_include_grade_and_certificate(
    learner, instructor, foundations, spanish, logistics
):
    services.enrollment_create(learner=learner, course=spanish)
    take_quiz(learner, spanish, right=True)
    certificate = award(learner, instructor, spanish)
    services.enrollment_create(learner=learner, course=foundations)
    services.enrollment_create(learner=learner, course=logistics)
    api = APIClient()
    api.force_authenticate(learner)
    rows = {row["course"]: row for row in api.get("/api/v1/enrollments/").json()}
    expected = {
        "public_id": str(certificate.public_id),
        "status": "valid",
        "course": "fundamentos",
        "verify_url": settings.SITE_URL + verify_url(certificate),
    }
    assert rows["fundamentos"]["grade"] == {"percent": "100.00", "passed": True}
    assert rows["fundamentos"]["certificate"] == expected
    assert (rows["fundamentos"]["achieved"], rows["fundamentos"]["achieved_in"]) == (
        True,
        "fundamentos",
    )
    # The English version keeps its own (no) grade, and shows the family's certificate.
    assert rows["foundations"]["grade"] is None
    assert rows["foundations"]["certificate"] == expected
    assert (rows["foundations"]["achieved"], rows["foundations"]["achieved_in"]) == (
        True,
        "fundamentos",
    )
    assert rows["logistics"]["grade"] is rows["logistics"]["certificate"] is None
    assert rows["logistics"]["achieved"] is False


@pytest.mark.parametrize("courses", [2, 40])
def test_my_enrolments_with_results_run_a_fixed_number_of_queries(
    learner, instructor, django_assert_max_num_queries, courses
):
    for number in range(courses):
        course = make_course(f"c{number}", modules=1, lessons=2)
        services.enrollment_create(learner=learner, course=course)
        take_quiz(learner, course, right=bool(number % 2))
        if number % 3 == 0:
            award(learner, instructor, course)
    api = APIClient()
    api.force_authenticate(learner)
    # enrolments with courses, lessons, progress, grades, certificates with courses, completed
    # families, passed families, certified families
    with django_assert_max_num_queries(8):
        rows = api.get("/api/v1/enrollments/").json()
    assert len(rows) == courses and all(row["grade"] for row in rows)


# Role coverage ---------------------------------------------------------------------------------


def test_role_coverage_lists_a_family_once_and_marks_it_done_in_any_version(
    client, learner, foundations, spanish
):
    framework = make_framework()
    teach(foundations, framework, "A1.1", 2)
    teach(spanish, framework, "A1.1", 2)
    role = make_role(framework, "export-specialist", {"A1.1": 2})
    LearnerGoal.objects.create(user=learner, role=role)
    learner.language = "es"
    learner.save()
    client.force_login(learner)
    content = client.get(DASHBOARD).content.decode()
    table = content.split('class="requirements"', 1)[1].split("</table>", 1)[0]
    assert "Fundamentos" in table and "Foundations" not in table  # the learner's language
    assert "done-mark" not in table
    complete(learner, foundations)  # achieved in English
    table = client.get(DASHBOARD).content.decode().split('class="requirements"', 1)[1]
    assert "done-mark" in table.split("</table>", 1)[0]
