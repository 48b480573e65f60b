import pytest
from playwright.sync_api import expect

from assessments.models import Attempt
from courses import services as course_services
from tests.assessments.conftest import make_assessment, make_question
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_take_a_quiz_autosave_submit_and_see_the_result(page, learner):
    course = make_course("customs-basics", title="Customs basics")
    make_assessment(
        course,
        [make_question(course, "single"), make_question(course, "numeric")],
        title="Customs quiz",
    )
    course_services.enrollment_create(learner=learner, course=course)

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/courses/customs-basics/")
    page.get_by_role("link", name="Customs quiz").click()
    page.get_by_role("button", name="Start an attempt").click()
    page.wait_for_url("**/attempts/*/")
    page.wait_for_load_state("load")  # the autosave script listens from here on

    page.get_by_label("Incoterms split costs and risk").check()
    page.get_by_label("Your answer").fill("123.45")
    # The page autosaves through the API while the learner types.
    expect(page.locator("#autosave-status")).not_to_be_empty(timeout=10_000)
    assert Attempt.objects.get().items.get(position=1).response.answer is not None
    screenshot(page, "journey-attempt-en")
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("button", name="Submit now").click()  # after the confirmation
    expect(page.get_by_text("100.00% · Passed")).to_be_visible()
    screenshot(page, "journey-result-en")
