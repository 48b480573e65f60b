"""The instructor's learner table: one row per enrolment in the versions of a course family the
instructor teaches, filtered, sorted, paginated, and the same rows as CSV; fixed queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments import services
from assessments.models import Attempt, AttemptStatus, CourseGrade
from certificates import services as certificate_services
from certificates.models import Certificate
from courses import services as course_services
from courses.models import Enrollment, Lesson, LessonProgress
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import InstructorFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(instructor):
    return make_course("ops", title="Operations", instructors=(instructor.email,))


@pytest.fixture
def ops_es(ops, instructor):
    return make_course(
        "ops-es",
        title="Operaciones",
        language="es",
        language_version_of="ops",
        instructors=(instructor.email,),
    )


@pytest.fixture
def studied(learner, other_learner, ops, ops_es):
    """Amina (MA) in English: 1 of 4 lessons, one passing attempt. Olga (KZ) in Spanish:
    certified."""
    learner.country, other_learner.country = "MA", "KZ"
    learner.save()
    other_learner.save()
    course_services.enrollment_create(learner=learner, course=ops)
    course_services.lesson_complete(
        learner=learner, lesson=Lesson.objects.filter(module__course=ops).first()
    )
    quiz = make_assessment(ops, [make_question(ops)])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    course_services.enrollment_create(learner=other_learner, course=ops_es)
    certificate_services.certificate_issue(user=other_learner, course=ops_es)
    attempt.refresh_from_db()
    return attempt


def table(client, slug="ops", **params):
    response = client.get(reverse("assessments:learners", args=[slug]), params)
    assert response.status_code == 200
    return response


def names(response):
    return [row.user.email for row in response.context["page"].object_list]


def test_the_table_shows_each_learners_version_progress_grade_attempts_and_certificate(
    client, instructor, studied, learner
):
    client.force_login(instructor)
    response = table(client)
    amina, olga = response.context["page"].object_list
    assert (amina.user, amina.version.slug, amina.lessons_done, amina.lessons_total) == (
        learner,
        "ops",
        1,
        4,
    )
    assert (amina.progress, amina.grade.percent, amina.grade.passed, amina.attempts) == (
        25,
        Decimal("100.00"),
        True,
        1,
    )
    assert amina.last_activity == studied.submitted_at
    assert amina.certificate is None
    assert (olga.version.slug, olga.certified, olga.attempts, olga.grade) == (
        "ops-es",
        True,
        0,
        None,
    )
    content = response.content.decode()
    assert "Spanish" in content and "Kazakhstan" in content and "1/4" in content
    assert reverse("verify", args=[olga.certificate.public_id]) in content


def test_only_the_courses_instructors_and_superusers_see_it(client, learner, superuser, ops):
    url = reverse("assessments:learners", args=["ops"])
    for person in (learner, InstructorFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(reverse("assessments:learners-csv", args=["ops"])).status_code == 404
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_an_instructor_sees_only_the_versions_they_teach(client, studied, ops_es):
    only_english = InstructorFactory()
    Enrollment.objects.get(course__slug="ops").course.instructors.add(only_english)
    client.force_login(only_english)
    assert names(table(client)) == ["amina@example.com"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "KZ"}, ["olga@example.com"]),
        ({"country": "kz"}, ["olga@example.com"]),
        ({"status": "passed"}, ["amina@example.com"]),
        ({"status": "not_passed"}, ["olga@example.com"]),
        ({"status": "certified"}, ["olga@example.com"]),
        ({"status": "active"}, ["amina@example.com", "olga@example.com"]),
        ({"status": "withdrawn"}, []),
        ({"status": "nonsense"}, ["amina@example.com", "olga@example.com"]),
    ],
)
def test_filters_by_country_and_status(client, instructor, studied, params, expected):
    client.force_login(instructor)
    assert names(table(client, **params)) == expected


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("name", "amina@example.com"),
        ("-name", "olga@example.com"),
        ("country", "olga@example.com"),  # Kazakhstan < Morocco
        ("version", "amina@example.com"),  # en < es
        ("-progress", "amina@example.com"),
        ("-activity", "amina@example.com"),
        ("-grade", "amina@example.com"),
        ("grade", "olga@example.com"),
        ("-attempts", "amina@example.com"),
        ("-certificate", "olga@example.com"),
        ("password", "amina@example.com"),  # not a column: the default
    ],
)
def test_sorts_by_each_column(client, instructor, studied, sort, first):
    client.force_login(instructor)
    assert names(table(client, sort=sort))[0] == first


def test_a_column_header_links_to_the_reverse_order_and_says_which_is_sorted(
    client, instructor, studied
):
    client.force_login(instructor)
    content = table(client, sort="grade", country="MA").content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-grade&amp;country=MA">' in content


def test_the_csv_has_the_same_filtered_rows_and_is_formula_safe(
    client, instructor, studied, learner
):
    learner.full_name = "=HYPERLINK(evil)"
    learner.save()
    client.force_login(instructor)
    response = client.get(
        reverse("assessments:learners-csv", args=["ops"]), {"status": "passed", "sort": "-name"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, (amina,) = rows[0], rows[1:]
    record = dict(zip(header, amina, strict=True))
    assert record["full_name"] == "'=HYPERLINK(evil)"
    assert (record["country"], record["language_version"], record["progress_percent"]) == (
        "MA",
        "en",
        "25",
    )
    assert (record["course_percent"], record["course_passed"], record["attempts"]) == (
        "100.00",
        "True",
        "1",
    )


def test_the_page_shows_50_rows_and_the_csv_all(client, instructor, ops):
    users = User.objects.bulk_create(User(email=f"l{n:03}@example.com") for n in range(60))
    Enrollment.objects.bulk_create(Enrollment(user=user, course=ops) for user in users)
    client.force_login(instructor)
    assert len(names(table(client))) == 50
    assert names(table(client, page=2))[-1] == "l059@example.com"
    response = client.get(reverse("assessments:learners-csv", args=["ops"]))
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 61


def populate(course, learners: int):
    """`learners` learners with progress, a grade, an attempt and (every other) a certificate."""
    users = User.objects.bulk_create(
        User(email=f"l{n}@example.com", full_name=f"Learner {n}", country="MA" if n % 2 else "BR")
        for n in range(learners)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(user=user, course=course) for user in users
    )
    lesson = Lesson.objects.filter(module__course=course).first()
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=enrollment, lesson=lesson) for enrollment in enrollments
    )
    CourseGrade.objects.bulk_create(
        CourseGrade(enrollment=enrollment, percent=Decimal(n % 100), passed=n % 3 == 0)
        for n, enrollment in enumerate(enrollments)
    )
    quiz = make_assessment(course, [make_question(course)])
    now = timezone.now()
    Attempt.objects.bulk_create(
        Attempt(
            user=user, assessment=quiz, number=1, status=AttemptStatus.SUBMITTED, submitted_at=now
        )
        for user in users
    )
    Certificate.objects.bulk_create(
        Certificate(
            user=user,
            course=course,
            holder_name=user.full_name,
            course_title="Ops",
            course_language="en",
            issued_at=now,
        )
        for user in users[::2]
    )


@pytest.mark.parametrize("learners", [5, 60])
@pytest.mark.parametrize("name", ["assessments:learners", "assessments:learners-csv"])
def test_the_table_runs_a_fixed_number_of_queries(
    client, instructor, ops, django_assert_max_num_queries, learners, name
):
    populate(ops, learners)
    client.force_login(instructor)
    # session, user, course, viewer's enrolment, teaches, enrolments with progress and
    # attempts, grades, certificates, countries (the page only)
    with django_assert_max_num_queries(9):
        response = client.get(
            reverse(name, args=["ops"]), {"status": "certified", "sort": "-grade"}
        )
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
    assert body.count("Learner ") >= (learners + 1) // 2


def test_the_courses_admin_page_links_to_its_learners_and_coverage(client, instructor, ops):
    client.force_login(instructor)
    content = client.get(reverse("admin:courses_course_change", args=[ops.pk])).content.decode()
    assert reverse("assessments:learners", args=["ops"]) in content
    assert reverse("assessments:coverage", args=["ops"]) in content


def test_countries_filter_and_sort_in_the_instructors_alphabetical_order(
    client, instructor, studied
):
    instructor.language = "ar"
    instructor.save()
    client.force_login(instructor)
    # المغرب (Morocco, Amina) before كازاخستان (Kazakhstan, Olga): the reverse of English.
    response = table(client, sort="country")
    assert [code for code, _name in response.context["countries"]] == ["MA", "KZ"]
    assert names(response) == ["amina@example.com", "olga@example.com"]
