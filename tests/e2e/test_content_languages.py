"""Courses in any language, seen in a real browser: Kazakh left-to-right and Persian right-to-left
whatever the interface direction, the catalog's filter of the content languages present, and the
admin's language input. Screenshots in English and Arabic, desktop and phone."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def courses():
    from tests.factories import make_course

    make_course(
        "customs-basics",
        title="Customs clearance basics",
        subtitle="Declarations, duties and documents for small exporters",
    )
    make_course(
        "customs-basics-kk",
        title="Кедендік ресімдеу негіздері",
        subtitle="Шағын экспорттаушыларға арналған декларациялар, баждар және құжаттар",
        language="kk",
        language_version_of="customs-basics",
    )
    make_course(
        "landed-cost-fa",
        title="هزینه تمام‌شده کالا در واردات",
        subtitle="حقوق گمرکی، حمل و بیمه برای فروشندگان آنلاین",
        language="fa",
    )
    make_course(
        "incoterms-th",
        title="อินโคเทอมส์สำหรับผู้ขายออนไลน์",
        subtitle="ความรับผิดชอบของผู้ซื้อและผู้ขาย",
        language="th",
    )


def direction_of(page, selector: str) -> tuple[str | None, str]:
    element = page.locator(selector).first
    return element.get_attribute("lang"), element.evaluate("e => getComputedStyle(e).direction")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_content_keeps_its_own_language_and_direction_in_either_interface(
    page_for, courses, language, viewport
):
    page = page_for(language=language, viewport=viewport)

    page.goto("/courses/")
    options = page.locator("#id_language option").all_text_contents()
    assert len(options) == 5  # any, and the four content languages present
    # The whole title, so it aligns with its script: right in Persian, left in Thai.
    assert direction_of(page, "h2:has(a[href='/courses/landed-cost-fa/'])") == ("fa", "rtl")
    assert direction_of(page, "h2:has(a[href='/courses/incoterms-th/'])") == ("th", "ltr")
    screenshot(page, f"content-catalog-{language}-{viewport}")

    page.select_option("#id_language", "kk")
    page.click("form.filters button[type=submit]")
    assert page.locator(".course-card").count() == 1
    assert direction_of(page, ".course-card h2") == ("kk", "ltr")
    screenshot(page, f"content-catalog-kk-filter-{language}-{viewport}")

    page.goto("/courses/customs-basics-kk/")
    assert direction_of(page, "article.course") == ("kk", "ltr")
    lesson = page.locator("a[href*='/lessons/']").first.get_attribute("href")
    screenshot(page, f"content-course-kk-{language}-{viewport}")
    page.goto(lesson)
    assert direction_of(page, "article.lesson") == ("kk", "ltr")
    screenshot(page, f"content-lesson-kk-{language}-{viewport}")

    page.goto("/courses/landed-cost-fa/")
    assert direction_of(page, "article.course") == ("fa", "rtl")
    screenshot(page, f"content-course-fa-{language}-{viewport}")
    for path in ("/courses/", "/courses/customs-basics-kk/", "/courses/landed-cost-fa/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px ({language}, {viewport})"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_admin_suggests_languages_by_their_own_names(page_for, instructor, courses, language):
    page = page_for(instructor, language=language)
    page.goto("/admin/courses/course/add/")
    field = page.locator("#id_language")
    assert field.get_attribute("list") == "id_language-languages"
    assert page.locator("#id_language-languages option[value='kk']").count() == 1
    field.fill("Kazakh")
    page.fill("#id_title", "Кеден")
    page.fill("#id_slug", "keden")
    page.locator("input[name=_save]").click()
    assert "Kazakh" in page.locator(".errorlist").first.inner_text()
    screenshot(page, f"content-admin-invalid-tag-{language}")
    page.locator("#id_language").fill("kk")
    page.locator("input[name=_continue]").click()
    assert page.locator(".language-tag-name").inner_text() == "қазақ тілі"
    screenshot(page, f"content-admin-kk-{language}")
