"""Catalog search in any script, on SQLite (a scan) and on PostgreSQL (the trigram index,
decision 0014)."""

import pytest
from django.db import connection
from django.urls import reverse

from courses import selectors
from courses.models import Course, course_search_text
from tests.factories import make_course

pytestmark = pytest.mark.django_db

CATALOG = reverse("courses:catalog")


def found(query: str) -> list[str]:
    """The slugs of the courses the catalog shows for `query`."""
    courses = list(selectors.catalog_queryset(query=query))
    return [entry.course.slug for entry in selectors.catalog_entries(courses)]


@pytest.fixture
def courses():
    make_course("freight", title="Freight basics", description="Containers and **bills**.")
    make_course("trade-zh", title="国际贸易基础", language="zh-Hans", subtitle="海关与关税")
    make_course("customs-ar", title="أساسيات الجمارك", language="ar", description="التعريفة")
    make_course("customs-ru", title="Таможня", language="ru", description="Тарифы и пошлины")
    make_course("versioned", title="Landed cost")
    make_course(
        "versioned-es",
        title="Costo puesto en destino",
        language="es",
        description="Aranceles",
        language_version_of="versioned",
    )


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("FREIGHT", ["freight"]),  # any case
        ("bills", ["freight"]),  # in the description
        ("贸易", ["trade-zh"]),  # inside a run of Chinese characters
        ("关税", ["trade-zh"]),  # in the subtitle
        ("الجمارك", ["customs-ar"]),  # an Arabic word with its article
        ("تعريف", ["customs-ar"]),  # part of an Arabic word
        ("пошлин", ["customs-ru"]),
        ("Aranceles", ["versioned"]),  # a version's match finds its group, shown once
        ("basics\nContainers", []),  # no match across two fields
        ("nothing like this", []),
    ],
)
def test_search_finds_words_in_any_script(courses, query, slugs):
    assert found(query) == slugs


def test_the_catalog_page_searches_in_chinese(client, courses):
    response = client.get(CATALOG, {"q": "国际"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [entry.course.slug for entry in response.context["listing"]["entries"]] == ["trade-zh"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
@pytest.mark.parametrize("query", ["cargo 1234", "国际贸易", "الجمارك"])
def test_postgresql_searches_through_the_trigram_index(query):
    """The search expression the catalog filters on (`course_search_text`, as in
    `selectors._search_matches`) is the one the trigram index holds, so PostgreSQL can answer it
    from the index. Which plan it prefers for the whole catalog query on a small table is its own
    choice (the status index or the newest courses first can win there), so this asks about the
    search alone with the table and ordered-index ways switched off. A query needs three
    characters to make a trigram (decision 0014)."""
    make_course("cargo", title="Cargo 1234 国际贸易基础 أساسيات الجمارك")
    make_course("other", title="Something else")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's transaction only
        cursor.execute("SET LOCAL enable_indexscan = off")
    search = Course.objects.alias(search=course_search_text()).filter(search__icontains=query)
    plan = search.explain()
    assert "course_search_trgm" in plan, plan
    assert found(query) == ["cargo"]
