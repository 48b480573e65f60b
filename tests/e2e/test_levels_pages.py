"""The levels pages in a real browser: a role's ladder with a learner's path, the work
experience form and a level credential's verify page; desktop and phone, English and Arabic;
screenshots to look at, nothing sideways."""

import pytest

from levels.models import LevelCredential
from levels.services import awards
from tests.e2e.conftest import screenshot
from tests.levels.conftest import fresh_keys, pass_course, standard, steward, take_exam  # noqa: F401
from tests.levels.test_pages import declare

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def path(learner, standard, django_capture_on_commit_callbacks):  # noqa: F811
    """The learner holds Foundation (through the Spanish version of the course), failed one unit
    of the level exam and waits for an assessor to attest their work experience."""
    pass_course(learner, standard.spanish, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A1.2"})
    declare(learner, standard, months=7)
    awards.level_apply(user=learner, level=standard.intermediate)
    return LevelCredential.objects.get(user=learner)


def fits(page, name):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_role_path_experience_form_and_verify_page(
    page_for,
    learner,
    standard,  # noqa: F811
    path,
    language,
    viewport,
):
    page = page_for(learner, language=language, viewport=viewport)
    page.goto(f"/roles/{standard.role.slug}/")
    assert page.locator("#level-1 .badge").first.is_visible()
    assert page.locator("#level-2 .exam-units").is_visible()
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    fits(page, "role")
    screenshot(page, f"levels-role-{language}-{viewport}")

    page.locator("#level-2 a[href$='/experience/']").first.click()
    page.wait_for_url(f"**/roles/{standard.role.slug}/experience/")
    page.locator("button[type=submit].button").last.click()  # empty: errors by the fields
    assert page.locator(".errorlist").first.is_visible()
    fits(page, "experience")
    screenshot(page, f"levels-experience-{language}-{viewport}")

    page = page_for(None, language=language, viewport=viewport)
    page.goto(f"/verify/level/{path.public_id}/")
    assert page.locator(".verify-status.valid").is_visible()
    fits(page, "verify")
    screenshot(page, f"levels-verify-{language}-{viewport}")
