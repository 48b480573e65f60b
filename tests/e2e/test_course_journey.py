import pytest
from playwright.sync_api import expect

from courses.models import EnrollmentStatus
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_catalog_enrol_study_complete_and_see_progress(page, learner):
    make_course("customs-basics", title="Customs basics", modules=1, lessons=2)
    make_course("fx-basics", title="FX basics")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    page.get_by_label("Search").fill("customs")
    page.get_by_role("button", name="Show courses").click()
    expect(page.locator(".course-card")).to_have_count(1)
    page.get_by_role("link", name="Customs basics").click()

    page.get_by_role("button", name="Enrol for free").click()
    expect(page.get_by_role("heading", name="Lesson 1.1")).to_be_visible()
    expect(page.get_by_text("Body of lesson 1.1 in customs-basics.")).to_be_visible()
    page.get_by_role("button", name="Mark as complete").click()
    page.get_by_role("link", name="Next: Lesson 1.2").click()
    expect(page.get_by_role("heading", name="Lesson 1.2")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(page.get_by_text("1 of 2 lessons done")).to_be_visible()
    expect(page.locator("progress").first).to_have_attribute("value", "50")
    screenshot(page, "journey-dashboard-en")
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("You have completed every lesson of this course.")).to_be_visible()
    assert learner.enrollments.get().status == EnrollmentStatus.COMPLETED
