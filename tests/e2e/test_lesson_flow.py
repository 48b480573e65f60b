"""Studying lesson by lesson: where am I, mark as complete, go on to the next one."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses import services
from courses.models import Course
from tests.e2e.conftest import VIEWPORTS, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "platform-operations-b2b-b2c"  # demo text: nine lessons in three modules


@pytest.fixture
def lessons():
    call_command("demo_accounts", stdout=io.StringIO())
    call_command("demo_curriculum", stdout=io.StringIO())
    call_command("demo_assessments", stdout=io.StringIO())
    course = Course.objects.get(slug=SLUG)
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


def test_log_in_enrol_mark_a_lesson_complete_and_follow_next(page, learner, lessons):
    first, second = lessons[0], lessons[1]
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))  # My learning

    page.goto(f"/courses/{SLUG}/")
    page.get_by_role("button", name="Enrol for free").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    expect(page.get_by_text("Lesson 1 of 9", exact=True)).to_be_visible()
    outline = page.get_by_role("navigation", name="Course outline")
    expect(outline.locator('[aria-current="page"]')).to_have_text(first.title)

    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Lesson completed.")).to_be_visible()
    expect(page.get_by_text("You completed this lesson.")).to_be_visible()
    next_button = page.get_by_role("link", name=f"Next: {second.title}")
    expect(next_button).to_be_visible()
    expect(next_button).to_be_in_viewport()  # the page scrolled to where the learner clicked
    expect(outline.locator("li.done")).to_have_count(1)

    next_button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    expect(page.get_by_text("Lesson 2 of 9", exact=True)).to_be_visible()
    expect(outline.locator('[aria-current="page"]')).to_have_text(second.title)
    expect(page.get_by_role("button", name="Mark as complete")).to_be_visible()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_lesson_pages_fit_and_the_outline_stays_out_of_the_way_on_a_phone(
    page_for, learner, lessons, language, viewport
):
    enrollment = services.enrollment_create(learner=learner, course=lessons[0].module.course)
    for lesson in lessons[:4]:
        services.lesson_complete(learner=learner, lesson=lesson)
    page = page_for(learner, language=language, viewport=viewport)
    height = VIEWPORTS[viewport]["height"]

    def visit(lesson, name, anchor=""):
        page.goto(f"/courses/{SLUG}/lessons/{lesson.pk}/{anchor}")
        screenshot(page, f"lesson-{name}-{language}-{viewport}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        outline = page.locator("#lesson-outline")
        if viewport == "phone":
            # One folded line above the lesson, which starts right below it, title on screen.
            expect(outline).not_to_have_attribute("open", "")
            folded = outline.bounding_box()
            title = page.locator("article h1").bounding_box()
            assert folded["height"] <= 64, name
            assert title["y"] - (folded["y"] + folded["height"]) < 100, name
            if not anchor:
                assert title["y"] + title["height"] < height, name
        else:
            expect(outline).to_have_attribute("open", "")
            expect(outline.locator('[aria-current="page"]')).to_be_visible()

    visit(lessons[4], "to-do")
    if viewport == "phone":  # unfolded on demand: the current module open, the others folded
        page.locator("#lesson-outline > summary").click()
        expect(page.locator('#lesson-outline [aria-current="page"]')).to_be_visible()
        expect(page.locator("#lesson-outline .outline-module[open]")).to_have_count(1)
        screenshot(page, f"lesson-outline-open-{language}-{viewport}")
    visit(lessons[3], "done-next", anchor="#next-step")
    for lesson in lessons[4:]:
        services.lesson_complete(learner=learner, lesson=lesson)
    visit(lessons[-1], "course-complete", anchor="#next-step")
    expect(page.locator("#course-complete-heading")).to_be_visible()
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
