"""The catalog, course, framework and role pages are kept for anonymous visitors
(core.page_cache) and every write that changes them shows on the next request."""

import pytest
from django.test import Client
from django.urls import reverse

from competencies import services as competencies
from courses import services
from tests.factories import competency, teach

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def cached(client, url, django_assert_num_queries) -> str:
    """Read the page twice: the second read is served from the cache, with no query."""
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200 and "Cookie" not in response.get("Vary", "")
    return response.content.decode()


def test_the_catalog_shows_an_edited_title_at_once_and_not_a_new_enrolment(
    client, course, learner, django_assert_num_queries
):
    url = reverse("courses:catalog")
    cached(client, url, django_assert_num_queries)
    services.enrollment_create(learner=learner, course=course)  # shown on no anonymous page
    assert "Incoterms Basics" in cached(client, url, django_assert_num_queries)
    course.title = "Incoterms in Practice"
    services.course_save(course=course)
    assert "Incoterms in Practice" in client.get(url).content.decode()


def test_unpublishing_in_the_admin_takes_the_course_off_at_once(
    client, course, superuser, django_assert_num_queries
):
    detail = reverse("courses:detail", args=[course.slug])
    assert "Incoterms Basics" in cached(
        client, reverse("courses:catalog"), django_assert_num_queries
    )
    cached(client, detail, django_assert_num_queries)
    admin = Client()
    admin.force_login(superuser)
    admin.post(
        reverse("admin:courses_course_changelist"),
        {"action": "unpublish", "_selected_action": [course.pk]},
    )
    assert "Incoterms Basics" not in client.get(reverse("courses:catalog")).content.decode()
    assert client.get(detail).status_code == 404


def test_the_course_page_shows_a_new_lesson_and_a_new_competency_at_once(
    client, course, framework, django_assert_num_queries
):
    url = reverse("courses:detail", args=[course.slug])
    cached(client, url, django_assert_num_queries)
    module = course.modules.first()
    module.lessons.create(title="Reading a bill of lading", order=9, minutes=5)
    assert "Reading a bill of lading" in cached(client, url, django_assert_num_queries)
    teach(course, framework, "A2.1", 2)
    assert "Competency 2.1" in client.get(url).content.decode()


def test_the_framework_and_role_pages_show_an_edited_competency_at_once(
    client, framework, django_assert_num_queries
):
    pages = [
        reverse("courses:framework", args=[framework.uuid]),
        reverse("courses:role", args=["export-specialist"]),
    ]
    for url in pages:
        cached(client, url, django_assert_num_queries)
    taught = competency(framework, "A1.1")
    taught.title = "Costing a shipment"
    competencies.competency_save(competency=taught)
    for url in pages:
        assert "Costing a shipment" in client.get(url).content.decode()


def test_a_signed_in_learner_gets_their_own_page_and_it_is_private(client, course, learner):
    url = reverse("courses:detail", args=[course.slug])
    client.get(url)  # an anonymous copy is cached
    mine = Client()
    mine.force_login(learner)
    response = mine.get(url)
    assert "Enrol for free" in response.content.decode()
    assert response["Cache-Control"] == "private"


def test_a_cached_page_may_be_kept_by_a_proxy_that_asks_again(client, course):
    url = reverse("courses:catalog")
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache" and first["ETag"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and not again.cookies
