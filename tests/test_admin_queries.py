"""The admin of courses, competencies and assessments costs a fixed number of queries: each list
and each change form runs as many queries with 30 rows, inline rows and other courses as with 2,
for a superuser and for an instructor (scoped), and no form lists every course or competency."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import Attempt, QuestionKind, ResponseToGrade
from courses import services as course_services
from courses.models import Course, Lesson
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import UserFactory, make_course, make_framework, make_role, teach

pytestmark = pytest.mark.django_db

APPS = {"courses", "competencies", "assessments"}


def build(size: int, instructor) -> dict:
    """A course of `size` modules, a module of `size` lessons, `size` competencies taught and
    required by a role, `size` questions in an assessment, `size` learners who submitted it, and
    `size` published courses of someone else. The objects whose change forms are visited."""
    course = make_course(f"main-{size}", modules=size, lessons=1, instructors=(instructor.email,))
    module = course.modules.first()
    Course.objects.bulk_create(
        Course(slug=f"other-{size}-{n}", title=f"Unrelated {size}-{n}", status="published")
        for n in range(size)
    )
    framework = make_framework(f"Standard {size}", areas=1, per_area=size - 1)
    codes = list(framework.competencies.values_list("code", flat=True))
    Lesson.objects.bulk_create(
        Lesson(module=module, title=f"Extra {n}", order=n + 1, competency=taught)
        for n, taught in enumerate(framework.competencies.all(), start=1)
    )
    for code in codes:
        teach(course, framework, code, 2)
    role = make_role(framework, f"role-{size}", dict.fromkeys(codes, 2))
    questions = [make_question(course, title=f"Q{n}") for n in range(size - 1)]
    questions.append(make_question(course, kind=QuestionKind.ESSAY))
    assessment = make_assessment(course, questions)
    for n in range(size):
        learner = UserFactory(email=f"learner-{size}-{n}@example.com")
        course_services.enrollment_create(learner=learner, course=course)
        attempt = assessment_services.attempt_start(learner=learner, assessment=assessment)
        assessment_services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    assessment.required_lessons.set(module.lessons.all())
    return {
        "course": course,
        "module": module,
        "lesson": module.lessons.first(),
        "enrollment": course.enrollments.first(),
        "competencyframework": framework,
        "competency": framework.competencies.last(),
        "targetrole": role,
        "assessment": assessment,
        "question": questions[0],
        "attempt": Attempt.objects.filter(assessment=assessment).first(),
        "responsetograde": ResponseToGrade.objects.filter(
            item__attempt__assessment=assessment, answer__isnull=False
        )
        .filter(item__question_version__question__kind=QuestionKind.ESSAY)
        .first(),
    }


def pages(objects: dict) -> dict[str, str]:
    """Every list, add form and change form of the three apps' admins."""
    urls = {}
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in APPS:
            continue
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls[f"{opts.model_name} list"] = reverse(f"{prefix}_changelist")
        if opts.model_name in objects:
            obj = objects[opts.model_name]
            urls[f"{opts.model_name} form"] = reverse(f"{prefix}_change", args=[obj.pk])
    return urls


def query_counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("who", ["superuser", "instructor"])
def test_admin_pages_cost_the_same_at_2_and_30_rows(
    client, instructor, superuser, who, django_assert_max_num_queries
):
    client.force_login(superuser if who == "superuser" else instructor)
    small = query_counts(client, pages(build(2, instructor)))
    large_pages = pages(build(30, instructor))
    for name, url in large_pages.items():
        with django_assert_max_num_queries(small[name]):
            content = client.get(url).content.decode()
        if name.endswith("form"):  # no select box lists every course of the site
            assert "Unrelated 30-7" not in content, name


def test_every_admin_of_the_three_apps_is_measured(instructor):
    measured = {name.split()[0] for name in pages(build(2, instructor))}
    registered = {m._meta.model_name for m in admin.site._registry if m._meta.app_label in APPS}
    assert measured == registered


@pytest.mark.parametrize("model", ["module", "lesson", "enrollment", "question", "attempt"])
def test_a_superusers_lists_offer_no_filter_listing_every_course(rf, superuser, instructor, model):
    """An instructor filters by their own few courses; a superuser searches instead."""
    app = "courses" if model in {"module", "lesson", "enrollment"} else "assessments"
    model_admin = admin.site._registry[apps.get_model(app, model)]

    def course_filters(user):
        request = rf.get("/")
        request.user = user
        return [
            spec
            for spec in model_admin.get_list_filter(request)
            if isinstance(spec, tuple) and spec[1] is admin.RelatedOnlyFieldListFilter
        ]

    assert course_filters(instructor)
    assert not course_filters(superuser)
