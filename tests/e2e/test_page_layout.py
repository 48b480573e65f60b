"""Every page, desktop and phone, English and Arabic: screenshots to look at, and no sideways
scrolling on a phone."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PUBLIC_PAGES = {
    "home": "/",
    "sign-up": "/accounts/signup/",
    "sign-up-done": "/accounts/signup/done/",
    "login": "/accounts/login/",
    "password-reset": "/accounts/password/reset/",
    "confirm-invalid": "/accounts/confirm/xx/yy/",
    "catalog": "/courses/",
    "course": "/courses/incoterms-basics/",
    "lesson-locked": "/courses/incoterms-basics/lessons/{locked}/",
    "frameworks": "/frameworks/",
    "framework": "/frameworks/{framework}/",
    "competency": "/frameworks/{framework}/competencies/CC.3/",
    "role": "/roles/b2b-export-operations-specialist/",
    "verify": "/verify/{certificate}/",
}
LEARNER_PAGES = {
    "profile": "/accounts/profile/",
    "password-change": "/accounts/password/change/",
    "course-enrolled": "/courses/platform-operations-b2b-b2c/",
    "lesson": "/courses/platform-operations-b2b-b2c/lessons/{lesson}/",
    "dashboard": "/dashboard/",
    "assessment": "/courses/platform-operations-b2b-b2c/assessments/{assessment}/",
    "attempt": "/attempts/{attempt}/",
    "result": "/attempts/{result}/result/",
    "competency-map": "/competency-map/",
    "certificates": "/certificates/",
}


@pytest.fixture
def curriculum(learner):
    """Real demo text, so pages are seen with realistic lengths, tables and both scripts."""
    import io

    from django.core.management import call_command

    from competencies import services as competency_services
    from competencies.models import CompetencyFramework
    from courses import services
    from courses.models import Course
    from tests.factories import make_course

    call_command("demo_accounts", stdout=io.StringIO())
    call_command("demo_curriculum", stdout=io.StringIO())
    call_command("demo_assessments", stdout=io.StringIO())
    make_course("incoterms-basics")
    course = Course.objects.get(slug="platform-operations-b2b-b2c")
    services.enrollment_create(learner=learner, course=course)
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    services.lesson_complete(learner=learner, lesson=lessons[0])
    locked = Course.objects.get(slug="incoterms-basics").modules.first().lessons.last()
    framework = CompetencyFramework.objects.get()
    competency_services.learner_goal_set(
        user=learner, role=framework.roles.get(slug="b2b-export-operations-specialist")
    )
    from assessments import services as assessment_services
    from certificates import services as certificates

    quizzes = list(course.assessments.order_by("module__order", "pk"))
    finished = assessment_services.attempt_start(learner=learner, assessment=quizzes[0])
    assessment_services.attempt_submit(attempt=finished, answers={})
    open_attempt = assessment_services.attempt_start(learner=learner, assessment=quizzes[1])
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user__email="learner@example.com")
    certificates.certificate_issue(user=learner, course=certificate.course)  # Amina's own
    return {
        "lesson": lessons[-1].pk,
        "locked": locked.pk,
        "framework": framework.uuid,
        "assessment": quizzes[1].uuid,
        "attempt": open_attempt.uuid,
        "result": finished.uuid,
        "certificate": certificate.public_id,
    }


@pytest.fixture
def context_for(page_for, learner):
    return lambda language, viewport, signed_in: page_for(
        learner if signed_in else None, language=language, viewport=viewport
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_fit_the_screen_in_both_directions(context_for, curriculum, language, viewport):
    for signed_in, pages in ((False, PUBLIC_PAGES), (True, LEARNER_PAGES)):
        page = context_for(language, viewport, signed_in)
        for name, path in pages.items():
            page.goto(path.format(**curriculum))
            direction = page.locator("html").get_attribute("dir")
            assert direction == ("rtl" if language == "ar" else "ltr"), name
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (
                f"{name} scrolls sideways by {overflow}px ({language}, {viewport})"
            )
            screenshot(page, f"{name}-{language}-{viewport}")
