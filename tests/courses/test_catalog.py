import pytest
from django.urls import reverse

from tests.factories import make_course

pytestmark = pytest.mark.django_db

CATALOG = reverse("courses:catalog")


def titles(response) -> list[str]:
    return [entry.course.title for entry in response.context["listing"]["entries"]]


def test_the_catalog_lists_published_courses_only(client, course, draft):
    make_course("old-course", status="archived")
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert titles(response) == ["Incoterms Basics"]


def test_it_searches_title_subtitle_and_description(client):
    make_course("landed-cost", title="Landed cost", subtitle="Duties and freight")
    make_course("fx-risk", title="FX risk", description="Forward contracts and **hedging**.")
    make_course("c3", title="Incoterms in practice")  # "practice" is in its title only
    assert titles(client.get(CATALOG, {"q": "PRACTICE"})) == ["Incoterms in practice"]
    assert titles(client.get(CATALOG, {"q": "freight"})) == ["Landed cost"]
    assert titles(client.get(CATALOG, {"q": "HEDGING"})) == ["FX risk"]
    assert titles(client.get(CATALOG, {"q": "nothing like this"})) == []


def test_it_filters_by_level_and_language_and_sorts(client):
    make_course("a-advanced", title="Zebra advanced", level="advanced")
    make_course("b-foundation", title="Alpha foundation", level="foundation")
    make_course("c-french", title="Cours", language="fr")
    assert titles(client.get(CATALOG, {"level": "advanced"})) == ["Zebra advanced"]
    assert titles(client.get(CATALOG, {"language": "fr"})) == ["Cours"]
    assert titles(client.get(CATALOG, {"sort": "title"})) == [
        "Alpha foundation",
        "Cours",
        "Zebra advanced",
    ]


def test_a_bad_filter_is_reported_and_ignored(client, course):
    response = client.get(CATALOG, {"level": "wizard"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert titles(response) == ["Incoterms Basics"]


def test_language_versions_are_grouped_and_the_learners_language_comes_first(client, learner):
    make_course("customs", title="Customs clearance")
    make_course(
        "customs-es", title="Despacho aduanero", language="es", language_version_of="customs"
    )
    assert titles(client.get(CATALOG)) == ["Customs clearance"]
    client.cookies["django_language"] = "es"
    response = client.get(CATALOG)
    assert titles(response) == ["Despacho aduanero"]
    assert [c.slug for c in response.context["listing"]["entries"][0].versions] == [
        "customs",
        "customs-es",
    ]
    # Filtering by a version's language finds the group.
    assert len(client.get(CATALOG, {"language": "es"}).context["listing"]["entries"]) == 1


def test_pages_follow_a_cursor(client):
    for number in range(15):
        make_course(f"course-{number:02}", title=f"Course {number:02}")
    first = client.get(CATALOG, {"sort": "title"})
    assert len(first.context["listing"]["entries"]) == 12
    second = client.get(first.context["listing"]["next_url"])
    assert titles(second) == ["Course 12", "Course 13", "Course 14"]
    assert second.context["listing"]["next_url"] is None


@pytest.mark.parametrize("count", [5, 200])
def test_catalog_queries_do_not_grow_with_courses(client, django_assert_max_num_queries, count):
    for number in range(count):
        make_course(f"c{number}", modules=1, lessons=2)
        if number % 2:
            make_course(
                f"c{number}-es",
                language="es",
                language_version_of=f"c{number}",
                modules=1,
                lessons=1,
            )
    # courses page, versions, lesson totals, competency filter choices, content languages
    with django_assert_max_num_queries(5):
        assert client.get(CATALOG).status_code == 200
    # the same without the content languages and the competency choices: cached until a course
    # or a competency changes
    with django_assert_max_num_queries(3):
        assert client.get(CATALOG).status_code == 200


@pytest.mark.parametrize("sort", ["effort", "newest"])
def test_a_damaged_cursor_is_a_404_not_an_error(client, course, sort):
    import base64

    assert client.get(CATALOG, {"cursor": "garbage"}).status_code == 404
    # A cursor of another sort order: its position is not a number, nor a date.
    foreign = base64.b64encode(b"o=0&p=abc").decode()
    assert client.get(CATALOG, {"cursor": foreign, "sort": sort}).status_code == 404
    assert client.get("/api/v1/courses/", {"cursor": foreign, "sort": sort}).status_code == 404


def test_published_versions_head_their_group_while_the_original_is_unpublished(client):
    make_course("customs", title="Customs clearance", status="draft")
    make_course(
        "customs-es", title="Despacho aduanero", language="es", language_version_of="customs"
    )
    make_course("customs-fr", title="Dédouanement", language="fr", language_version_of="customs")
    response = client.get(CATALOG, {"sort": "title"})
    assert titles(response) == ["Despacho aduanero", "Dédouanement"]
    assert [c.slug for c in response.context["listing"]["entries"][0].versions] == [
        "customs-es",
        "customs-fr",
    ]


def test_the_competency_choices_are_cached_and_a_change_shows_at_once(
    client, django_assert_max_num_queries
):
    from competencies.models import Competency, FrameworkStatus
    from tests.factories import make_framework

    framework = make_framework("Trade Standard")
    client.get(CATALOG)
    with django_assert_max_num_queries(3):  # no competency query: the choices are cached
        content = client.get(CATALOG).content.decode()
    assert "Competency 1.1" in content
    competency = Competency.objects.get(framework=framework, code="A1.1")
    competency.title = "Customs valuation"
    competency.save()
    assert "Customs valuation" in client.get(CATALOG).content.decode()
    framework.status = FrameworkStatus.RETIRED
    framework.save()
    assert "Customs valuation" not in client.get(CATALOG).content.decode()


def test_a_warm_catalog_builds_no_filter_option_and_keeps_the_choice_and_the_language(
    client, options_built
):
    """CPU guard: the filter's lists (hundreds of competencies) are rendered once per version of
    the choices, language and choice (core.widgets), not on every request."""
    from competencies.models import Competency
    from tests.factories import make_framework

    framework = make_framework("Trade Standard", areas=3, per_area=10)
    make_course("customs")
    chosen = Competency.objects.get(framework=framework, code="A2.3")
    built = options_built
    client.get(CATALOG)
    assert len(built) > 33  # the four lists, the competencies among them
    built.clear()
    assert client.get(CATALOG).status_code == 200
    assert built == []
    content = client.get(CATALOG, {"competency": str(chosen.uuid)}).content.decode()
    assert f'<option value="{chosen.uuid}" selected>' in content
    assert client.get(CATALOG, {"competency": "not-one"}).context["form"].errors
    content = client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tous les niveaux" in content and "Any level" not in content
