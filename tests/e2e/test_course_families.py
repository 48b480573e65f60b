"""A course and its language versions are one achievement, and the learner sees their results:
the demo learner enrols in the logistics course out of the box, the Spanish version satisfies the
English prerequisite, a certificate shows on the dashboard. Screenshots of the dashboard and the
course page, desktop and phone, English and Arabic."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from certificates import services as certificate_services
from courses import services
from courses.models import Course
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO_LEARNER = ("learner@example.com", "learn-crossborder")  # demo_accounts' known password


@pytest.fixture
def demo():
    """A fresh demo, as `make demo` (and so `make run`) loads it."""
    for command in ("demo_accounts", "demo_curriculum", "demo_assessments"):
        call_command(command, stdout=io.StringIO())


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)


def test_the_demo_learner_enrols_in_the_logistics_course(page, demo):
    log_in(page, *DEMO_LEARNER)
    page.goto("/courses/logistics-incoterms-customs/")
    prerequisites = page.locator(".prerequisite-list")
    expect(prerequisites).to_contain_text("Foundations of Cross-Border E-commerce")
    expect(prerequisites.locator(".done-mark")).to_have_text("done")
    page.get_by_role("button", name="Enrol for free").click()
    expect(page.get_by_text("You are enrolled. Study at your own pace.")).to_be_visible()
    learner = User.objects.get(email=DEMO_LEARNER[0])
    assert learner.enrollments.filter(course__slug="logistics-incoterms-customs").exists()


def test_finishing_the_spanish_version_opens_the_english_prerequisite(page, learner):
    make_course("foundations", title="Foundations", modules=1, lessons=2)
    spanish = make_course(
        "fundamentos",
        title="Fundamentos",
        language="es",
        language_version_of="foundations",
        modules=1,
        lessons=2,
    )
    make_course(
        "logistics", title="Logistics", prerequisites=["foundations"], prerequisites_enforced=True
    )
    log_in(page, learner.email, PASSWORD)
    page.goto("/courses/logistics/")
    expect(page.get_by_text("Complete the required courses below to enrol.")).to_be_visible()
    expect(page.get_by_role("button", name="Enrol for free")).to_have_count(0)

    page.goto("/courses/fundamentos/")
    page.get_by_role("button", name="Enrol for free").click()
    expect(page.get_by_text("You are enrolled. Study at your own pace.")).to_be_visible()
    for lesson in spanish.modules.get().lessons.all():
        services.lesson_complete(learner=learner, lesson=lesson)

    page.goto("/courses/logistics/")
    expect(page.locator(".prerequisite-list .done-mark")).to_have_text("done")
    page.get_by_role("button", name="Enrol for free").click()
    expect(page.get_by_text("You are enrolled. Study at your own pace.")).to_be_visible()
    assert learner.enrollments.filter(course__slug="logistics").exists()

    page.goto("/courses/foundations/")  # the English version says where it was earned
    expect(page.get_by_text("You earned this course in the")).to_be_visible()
    expect(page.get_by_text("Your other language versions")).to_be_visible()


def test_a_certified_course_shows_its_certificate_on_the_dashboard(page, learner, instructor):
    course = make_course("customs", title="Customs basics", modules=1, lessons=3)
    services.enrollment_create(learner=learner, course=course)
    certificate, _created = certificate_services.certificate_issue(
        user=learner, course=course, awarded_by=instructor, reason="Transfer credit."
    )
    log_in(page, learner.email, PASSWORD)
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="In progress")).to_have_count(0)
    completed = page.locator("section", has=page.get_by_role("heading", name="Completed"))
    expect(completed.get_by_text("Certified")).to_be_visible()
    completed.get_by_role("link", name="View your certificate").click()
    expect(page).to_have_url(f"{page.url.split('/verify/')[0]}/verify/{certificate.public_id}/")
    expect(page.get_by_text("Customs basics").first).to_be_visible()


@pytest.fixture
def demo_learner(demo):
    """The demo learner certified in Foundations (English), studying its Spanish version and
    the logistics course."""
    learner = User.objects.get(email=DEMO_LEARNER[0])
    services.enrollment_create(
        learner=learner, course=Course.objects.get(slug="logistics-incoterms-customs")
    )
    spanish = Course.objects.get(slug="cross-border-foundations-es")
    services.enrollment_create(learner=learner, course=spanish)
    services.lesson_complete(learner=learner, lesson=spanish.modules.first().lessons.first())
    return learner


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_results_pages_fit_the_screen(page_for, demo_learner, language, viewport):
    page = page_for(demo_learner, language=language, viewport=viewport)
    for name, path, shown in [
        ("dashboard", "/dashboard/", ".course-result"),
        ("course-certified", "/courses/cross-border-foundations/", ".course-result"),
        ("course-other-version", "/courses/cross-border-foundations-es/", ".course-result"),
        ("course-prerequisite", "/courses/logistics-incoterms-customs/", ".done-mark"),
    ]:
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        expect(page.locator(shown).first).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        screenshot(page, f"results-{name}-{language}-{viewport}")
