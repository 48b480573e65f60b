"""The learner's competency map and an instructor's coverage and learner table, in a real
browser: desktop and phone, English and Arabic; screenshots to look at, nothing sideways."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COUNTRIES = ["MA", "EG", "BR", "KZ", "CN", "ES", "TR", "VN", "ID", "MX", "SA", "FR"]
NAMES = [
    "Youssef Benali",
    "نور الهدى",
    "Ana Souza",
    "Айгерим Серикова",
    "王芳",
    "Lucía Gómez",
    "Emre Yılmaz",
    "Nguyễn Thị Lan",
    "Putri Wulandari",
    "José Hernández",
    "فاطمة الزهراء",
    "Camille Martin",
]


@pytest.fixture
def school(learner):
    """The demo curriculum; twelve learners from twelve countries in the English and Spanish
    versions of the foundations course, with progress, attempts, levels and one certificate;
    Amina with a goal, some levels, one competency tried below its first level."""
    from accounts.models import User
    from assessments import services as assessments
    from certificates import services as certificates
    from competencies import services as competency_services
    from competencies.models import CompetencyFramework
    from courses import services as courses
    from courses.models import Course
    from tests.assessments.conftest import right_answers
    from tests.factories import UserFactory

    for command in ("demo_accounts", "demo_curriculum", "demo_assessments"):
        call_command(command, stdout=io.StringIO())
    english = Course.objects.get(slug="cross-border-foundations")
    spanish = Course.objects.get(slug="cross-border-foundations-es")
    for n, (country, name) in enumerate(zip(COUNTRIES, NAMES, strict=True)):
        user = UserFactory(email=f"student{n}@example.com", full_name=name, country=country)
        course = spanish if country in {"ES", "MX"} else english
        courses.enrollment_create(learner=user, course=course)
        lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
        for lesson in lessons[: n % (len(lessons) + 1)]:
            courses.lesson_complete(learner=user, lesson=lesson)
        for quiz in course.assessments.filter(is_published=True).order_by("pk")[: n % 3]:
            attempt = assessments.attempt_start(learner=user, assessment=quiz)
            assessments.attempt_submit(
                attempt=attempt, answers=right_answers(attempt) if n % 2 else {}
            )
    certificates.certificate_issue(
        user=User.objects.get(email="student1@example.com"), course=english
    )

    framework = CompetencyFramework.objects.get()
    competency_services.learner_goal_set(
        user=learner, role=framework.roles.get(slug="b2b-export-operations-specialist")
    )
    courses.enrollment_create(learner=learner, course=english)
    quizzes = list(english.assessments.filter(is_published=True).order_by("pk"))
    attempt = assessments.attempt_start(learner=learner, assessment=quizzes[0])
    assessments.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    attempt = assessments.attempt_start(learner=learner, assessment=quizzes[1])
    assessments.attempt_submit(attempt=attempt, answers={})
    return english


@pytest.fixture
def open_as(page_for):
    return lambda user, language, viewport: page_for(user, language=language, viewport=viewport)


def fits(page, name):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_map_coverage_and_learner_table(open_as, school, learner, language, viewport):
    from accounts.models import User

    page = open_as(learner, language, viewport)
    page.goto("/competency-map/")
    fits(page, "map")
    goal = page.locator(".goal-panel")
    first_area = page.locator("details.map-area").first
    assert goal.bounding_box()["y"] < first_area.bounding_box()["y"]  # gaps and courses first
    if viewport == "phone":
        # Collapsed areas: the whole map is a few screens, not a 5,000 px list.
        assert page.evaluate("document.documentElement.scrollHeight") < 4 * 844
    screenshot(page, f"map-{language}-{viewport}")
    first_area.locator("summary").click()
    assert first_area.locator(".map-item").first.is_visible()
    screenshot(page, f"map-open-{language}-{viewport}")

    page = open_as(User.objects.get(email="instructor@example.com"), language, viewport)
    page.goto(f"/teach/courses/{school.slug}/coverage/")
    fits(page, "coverage")
    screenshot(page, f"coverage-{language}-{viewport}")
    page.goto(f"/teach/courses/{school.slug}/learners/?sort=-grade")
    fits(page, "learners")
    assert page.locator(".learner-table tbody tr").count() == 14  # with Amina and the demo learner
    screenshot(page, f"learners-{language}-{viewport}")
