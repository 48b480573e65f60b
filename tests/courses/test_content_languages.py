"""Courses in any language: authored, published, listed, filtered and marked with lang and dir."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from core.migration_ops import canonical_language_tags
from courses import selectors, services
from courses.models import Course
from courses.transfer import CourseImportError, course_export, course_import
from tests.factories import course_document, make_course

pytestmark = pytest.mark.django_db

CATALOG = reverse("courses:catalog")


def admin_course_form(**fields) -> dict:
    return {
        "title": "Кеден ісі негіздері",
        "slug": "customs-kk",
        "subtitle": "",
        "description": "",
        "language": "kk",
        "level": "foundation",
        "effort_hours": 2,
        "pass_mark": 70,
        "competency_targets-TOTAL_FORMS": 0,
        "competency_targets-INITIAL_FORMS": 0,
        "modules-TOTAL_FORMS": 1,
        "modules-INITIAL_FORMS": 0,
        "modules-0-title": "Кіріспе",
        "modules-0-order": 1,
        **fields,
    }


def marked(html: str, text: str) -> tuple[str, str] | None:
    """The (lang, dir) of the innermost element opening with both right before `text`."""
    found = re.findall(
        r'lang="([^"]+)" dir="([^"]+)"[^>]*>\s*(?:<[^>]+>\s*)*' + re.escape(text), html
    )
    return found[-1] if found else None


def test_a_course_authored_and_published_in_kazakh_is_marked_kk_ltr(client, instructor):
    client.force_login(instructor)
    response = client.post(reverse("admin:courses_course_add"), admin_course_form(language="KK"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    course = Course.objects.get(slug="customs-kk")
    assert course.language == "kk"
    module = course.modules.get()
    module.lessons.create(title="Кедендік декларация", body="Декларация…", free_preview=True)
    client.post(
        reverse("admin:courses_course_changelist"),
        {"action": "publish", "_selected_action": [course.pk]},
    )
    course.refresh_from_db()
    assert course.is_published
    client.logout()

    page = client.get(reverse("courses:detail", args=["customs-kk"])).content.decode()
    assert '<article class="course" lang="kk" dir="ltr">' in page
    assert '<dd><span lang="kk" dir="ltr">қазақ тілі</span> (Kazakh)</dd>' in page
    lesson = client.get(
        reverse("courses:lesson", args=["customs-kk", module.lessons.get().pk])
    ).content.decode()
    assert '<article class="lesson" lang="kk" dir="ltr">' in lesson
    catalog = client.get(CATALOG).content.decode()
    assert marked(catalog, "Кеден ісі негіздері") == ("kk", "ltr")


def test_a_persian_course_is_right_to_left_on_an_english_page(client):
    make_course("customs-fa", title="مبانی گمرک", language="fa")
    page = client.get(reverse("courses:detail", args=["customs-fa"])).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert '<article class="course" lang="fa" dir="rtl">' in page
    assert marked(client.get(CATALOG).content.decode(), "مبانی گمرک") == ("fa", "rtl")


def test_the_admin_refuses_an_invalid_tag_with_a_clear_message(client, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("admin:courses_course_add"), admin_course_form(language="Kazakh")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["language"] == [
        "“Kazakh” is not a valid language tag. Use a BCP 47 tag such as en, pt-BR, kk or zh-Hans."
    ]
    assert not Course.objects.exists()


def test_the_admin_suggests_languages_and_lists_courses_with_their_languages_own_name(
    client, instructor
):
    make_course("customs-kk", language="kk", instructors=(instructor.email,))
    client.force_login(instructor)
    form = client.get(reverse("admin:courses_course_add")).content.decode()
    assert 'list="id_language-languages"' in form
    assert '<option value="kk">қазақ тілі — Kazakh</option>' in form
    listing = client.get(reverse("admin:courses_course_changelist")).content.decode()
    assert '<span lang="kk" dir="ltr">қазақ тілі</span> (kk)' in listing
    assert "қазақ тілі · kk" in listing  # the filter by language


def test_the_json_import_refuses_an_invalid_tag_and_keeps_a_valid_one_canonical():
    with pytest.raises(CourseImportError) as caught:
        course_import(course_document("bad", language="pt_Brazil"))
    assert caught.value.errors == [
        "language: “pt_Brazil” is not a valid language tag. "
        "Use a BCP 47 tag such as en, pt-BR, kk or zh-Hans."
    ]
    course = course_import(course_document("thai", language="TH"))
    assert course.language == "th"
    assert course_export(course)["language"] == "th"
    assert course_import(course_document("br", language="pt-br")).language == "pt-BR"


def test_the_catalog_filter_lists_the_content_languages_present_named_in_the_viewers_language(
    client,
):
    make_course("customs-kk", title="Кеден", language="kk")
    make_course("customs-th", title="ศุลกากร", language="th")
    make_course("draft-de", language="de", status="draft")  # not published: not offered
    options = client.get(CATALOG).context["form"]["language"].field.widget.choices
    assert list(options) == [("", "Any language"), ("kk", "Kazakh"), ("th", "Thai")]
    client.cookies["django_language"] = "ru"
    options = client.get(CATALOG).context["form"]["language"].field.widget.choices
    assert list(options)[1:] == [("kk", "казахский"), ("th", "тайский")]

    titles = [
        e.course.title
        for e in client.get(CATALOG, {"language": "kk"}).context["listing"]["entries"]
    ]
    assert titles == ["Кеден"]


def test_a_language_filter_is_a_range_pt_finds_brazilian_and_european_portuguese(client):
    make_course("br", title="Desembaraço (Brasil)", language="pt-BR")
    make_course("pt", title="Desalfandegamento (Portugal)", language="pt-PT")
    make_course("es", title="Despacho", language="es")

    def titles(params):
        return sorted(
            e.course.title for e in client.get(CATALOG, params).context["listing"]["entries"]
        )

    assert titles({"language": "pt"}) == ["Desalfandegamento (Portugal)", "Desembaraço (Brasil)"]
    assert titles({"language": "pt-br"}) == ["Desembaraço (Brasil)"]
    response = client.get(CATALOG, {"language": "brazilian"})
    assert "is not a valid language tag" in response.content.decode()
    assert len(response.context["listing"]["entries"]) == 3  # a bad filter is reported and ignored


def test_a_learner_in_brazilian_portuguese_sees_the_portuguese_version_first(client):
    make_course("customs", title="Customs clearance")
    make_course("customs-pt", title="Desembaraço", language="pt", language_version_of="customs")
    make_course("customs-kk", title="Кеден", language="kk", language_version_of="customs")
    client.cookies["django_language"] = "pt-br"
    entries = client.get(CATALOG).context["listing"]["entries"]
    assert [entry.course.title for entry in entries] == ["Desembaraço"]
    make_course(
        "customs-br", title="Desembaraço (BR)", language="pt-BR", language_version_of="customs"
    )
    entries = client.get(CATALOG).context["listing"]["entries"]
    assert [entry.course.title for entry in entries] == ["Desembaraço (BR)"]  # exact tag first
    versions = client.get(CATALOG).content.decode()
    assert 'lang="kk" dir="ltr">қазақ тілі</a>' in versions  # "Available in:" in its own name


@pytest.mark.parametrize("count", [3, 60])
def test_the_api_lists_content_languages_with_names_in_a_fixed_number_of_queries(
    django_assert_max_num_queries, count
):
    tags = ["kk", "fa", "pt-BR"]
    for number in range(count):
        make_course(f"c{number}", modules=1, lessons=1, language=tags[number % 3])
    api = APIClient()
    with django_assert_max_num_queries(1):  # the content languages of published courses
        body = api.get("/api/v1/course-languages/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body == [
        {"tag": "kk", "name": "Kazakh", "autonym": "қазақ тілі", "direction": "ltr"},
        {"tag": "fa", "name": "Persian", "autonym": "فارسی", "direction": "rtl"},
        {
            "tag": "pt-BR",
            "name": "Portuguese (Brazil)",
            "autonym": "português (Brasil)",
            "direction": "ltr",
        },
    ]
    listed = api.get("/api/v1/courses/", {"language": "kk"}).json()["results"]
    assert {course["language"] for course in listed} == {"kk"}
    assert api.get("/api/v1/courses/", {"language": "kazakh"}).status_code == 400


def test_the_list_of_languages_follows_publishing_and_archiving(client):
    make_course("customs", language="en")
    assert selectors.catalog_languages() == ["en"]
    kazakh = make_course("customs-kk", language="kk", status="draft")
    assert selectors.catalog_languages() == ["en"]
    services.course_publish(course=kazakh)
    assert selectors.catalog_languages() == ["en", "kk"]
    services.course_archive(course=kazakh)
    assert selectors.catalog_languages() == ["en"]


def test_the_migration_rewrites_the_old_interface_codes_in_canonical_form():
    from django.apps import apps

    chinese, brazilian, _kazakh = (
        make_course(slug, language=language)
        for slug, language in [("zh", "zh-Hans"), ("br", "pt-BR"), ("kk", "kk")]
    )
    with connection.cursor() as cursor:  # as the previous field stored them
        for course, old in [(chinese, "zh-hans"), (brazilian, "pt-br")]:
            cursor.execute(
                "UPDATE courses_course SET language = %s WHERE id = %s", [old, course.pk]
            )
    assert Course.objects.filter(language="zh-Hans").count() == 0  # stored lowercase

    canonical_language_tags(model="courses.Course").code(apps, None)

    stored = dict(Course.objects.values_list("slug", "language"))
    assert stored == {"zh": "zh-Hans", "br": "pt-BR", "kk": "kk"}


def test_a_framework_in_hebrew_is_right_to_left_and_one_in_german_left_to_right(client):
    from tests.factories import make_framework

    hebrew, german = make_framework("כישורי יצוא"), make_framework("Exportkompetenzen")
    type(hebrew).objects.filter(pk=hebrew.pk).update(language="he")
    type(german).objects.filter(pk=german.pk).update(language="DE")  # stored canonical
    german.refresh_from_db()
    assert german.language == "de"
    for framework, expected in [(hebrew, 'lang="he" dir="rtl"'), (german, 'lang="de" dir="ltr"')]:
        page = client.get(reverse("courses:framework", args=[framework.uuid])).content.decode()
        assert f"<article {expected}>" in page


def test_filtering_by_a_language_shows_the_version_in_that_language(client):
    make_course("customs", title="Customs clearance")
    make_course("customs-kk", title="Кеден", language="kk", language_version_of="customs")
    entries = client.get(CATALOG, {"language": "kk"}).context["listing"]["entries"]
    assert [entry.course.title for entry in entries] == ["Кеден"]
