"""One API error policy: each status, through real endpoints, has the same body shape
{"detail", "code"[, "errors"]} (core.api_errors)."""

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.exceptions import Throttled
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from assessments import services as assessment_services
from core.api_errors import exception_handler
from core.bidi import isolate
from core.errors import Conflict
from courses import services as course_services
from tests.assessments.conftest import make_assessment, make_question
from tests.factories import PASSWORD, make_course

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str, *, errors: bool = False) -> dict:
    """The one shape: a message for people, a fixed code for programs, field errors if any."""
    assert response.status_code == status
    body = response.json()
    assert set(body) == ({"detail", "code", "errors"} if errors else {"detail", "code"})
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["code"] == code
    return body


@pytest.fixture
def api(learner):
    client = APIClient()
    client.force_authenticate(learner)
    return client


@pytest.fixture
def course(instructor):
    return make_course("incoterms", instructors=(instructor.email,))


@pytest.fixture
def quiz(course):
    return make_assessment(course, [make_question(course)], max_attempts=2)


@pytest.fixture
def enrolled(learner, course):
    return course_services.enrollment_create(learner=learner, course=course)


# 400 -----------------------------------------------------------------------------------------


def test_a_bad_field_is_a_400_naming_the_field(api):
    body = assert_error(api.patch("/api/v1/me/", {"country": "XX"}), 400, "invalid", errors=True)
    assert list(body["errors"]) == ["country"] and body["errors"]["country"]


def test_a_bad_filter_is_a_400_naming_the_filter(api):
    body = assert_error(
        api.get("/api/v1/courses/", {"level": "wizard"}), 400, "invalid", errors=True
    )
    assert list(body["errors"]) == ["level"]


def test_bad_answers_are_a_400_naming_each_position(api, quiz, enrolled):
    attempt = assessment_services.attempt_start(learner=enrolled.user, assessment=quiz)
    response = api.patch(
        f"/api/v1/attempts/{attempt.uuid}/answers/",
        {"answers": {"1": "forged-token", "99": "x"}},
        format="json",
    )
    body = assert_error(response, 400, "invalid", errors=True)
    assert set(body["errors"]["answers"]) == {"1", "99"}
    assert all(body["errors"]["answers"][position] for position in ("1", "99"))


def test_a_malformed_answers_payload_is_a_400_in_the_same_shape(api, quiz, enrolled):
    attempt = assessment_services.attempt_start(learner=enrolled.user, assessment=quiz)
    response = api.patch(
        f"/api/v1/attempts/{attempt.uuid}/answers/", {"answers": "all of them"}, format="json"
    )
    assert "answers" in assert_error(response, 400, "invalid", errors=True)["errors"]


def test_an_error_about_the_whole_request_is_the_detail_without_field_errors(learner):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": learner.email, "password": "wrong"}
    )
    assert "Unable to log in" in assert_error(response, 400, "invalid")["detail"]


# 401, 403 ------------------------------------------------------------------------------------


def test_no_credentials_is_a_401_with_the_challenge():
    response = APIClient().get("/api/v1/me/")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_reading_a_lesson_without_enrolling_is_a_403(api, course):
    lesson = course.modules.first().lessons.last()  # not the free preview
    body = assert_error(api.get(f"/api/v1/lessons/{lesson.pk}/"), 403, "permission_denied")
    assert "Enrol" in body["detail"]


def test_a_services_permission_denied_is_a_403_with_its_message(api, quiz):
    body = assert_error(
        api.post(f"/api/v1/assessments/{quiz.uuid}/attempts/"), 403, "permission_denied"
    )
    assert body["detail"] == "Enrol in the course to take its assessments."


# 404 -----------------------------------------------------------------------------------------


def test_an_unknown_course_is_a_404(api):
    assert_error(api.get("/api/v1/courses/nope/"), 404, "not_found")


def test_another_learners_attempt_is_a_404(api, quiz, other_learner, course):
    course_services.enrollment_create(learner=other_learner, course=course)
    theirs = assessment_services.attempt_start(learner=other_learner, assessment=quiz)
    assert_error(api.get(f"/api/v1/attempts/{theirs.uuid}/"), 404, "not_found")


# 409: the request is fine, the resource's state refuses it ----------------------------------


def test_submitting_twice_is_a_409(api, quiz, enrolled):
    attempt = assessment_services.attempt_start(learner=enrolled.user, assessment=quiz)
    url = f"/api/v1/attempts/{attempt.uuid}/submit/"
    assert api.post(url, {}, format="json").status_code == 200
    body = assert_error(api.post(url, {}, format="json"), 409, "conflict")
    assert body["detail"] == "This attempt was already submitted."


def test_enrolling_with_prerequisites_unmet_is_a_409(api):
    make_course("basics")
    make_course("advanced", prerequisites=["basics"], prerequisites_enforced=True)
    body = assert_error(api.post("/api/v1/courses/advanced/enrollment/"), 409, "conflict")
    assert body["detail"] == f"Complete these courses first: {isolate('Basics')}."


def test_enrolling_in_a_draft_is_a_409_for_its_instructor_too(instructor):
    make_course("draft-course", status="draft", instructors=(instructor.email,))
    client = APIClient()
    client.force_authenticate(instructor)
    response = client.post("/api/v1/courses/draft-course/enrollment/")
    assert assert_error(response, 409, "conflict")["detail"] == (
        "This course is not open for enrolment."
    )


def test_starting_before_the_required_lessons_is_a_409_like_enrolling_early(api, course, enrolled):
    lesson = course.modules.first().lessons.first()
    gated = make_assessment(course, [make_question(course)])
    gated.required_lessons.add(lesson)
    response = api.post(f"/api/v1/assessments/{gated.uuid}/attempts/")
    assert lesson.title in assert_error(response, 409, "conflict")["detail"]


def test_the_result_of_an_open_attempt_is_a_409(api, quiz, enrolled):
    attempt = assessment_services.attempt_start(learner=enrolled.user, assessment=quiz)
    assert_error(api.get(f"/api/v1/attempts/{attempt.uuid}/result/"), 409, "conflict")


# 429 -----------------------------------------------------------------------------------------


def test_a_throttled_endpoint_is_a_429_with_retry_after(learner, monkeypatch, settings):
    # The rates are read into the throttle class when it is defined; a settings override alone
    # does not reach it. The cache (the throttle's history) is emptied for each test.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "1/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    api = APIClient()
    credentials = {"username": learner.email, "password": PASSWORD}
    assert api.post("/api/v1/auth/token/", credentials).status_code == 200
    response = api.post("/api/v1/auth/token/", credentials)
    assert_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60


# The handler itself ---------------------------------------------------------------------------


def test_the_handler_maps_a_service_conflict_to_409_with_its_message():
    response = exception_handler(
        assessment_services.AttemptConflict("This attempt was already submitted."), {}
    )
    assert response.status_code == 409
    assert response.data == {"detail": "This attempt was already submitted.", "code": "conflict"}
    assert issubclass(assessment_services.GradingConflict, Conflict)


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (
            DjangoValidationError("Give between 0 and 2 points."),
            400,
            {"detail": "Give between 0 and 2 points.", "code": "invalid"},
        ),
        (
            DjangoValidationError({"points": ["Too many."]}),
            400,
            {
                "detail": "Some values are not valid; see errors.",
                "code": "invalid",
                "errors": {"points": ["Too many."]},
            },
        ),
        (
            DjangoPermissionDenied("Not yours."),
            403,
            {"detail": "Not yours.", "code": "permission_denied"},
        ),
        (Http404(), 404, {"detail": "Not found.", "code": "not_found"}),
        (ObjectDoesNotExist("Course matching query does not exist."), 404, None),
        (Throttled(wait=30), 429, None),
    ],
)
def test_the_handler_maps_each_kind_to_its_status_and_the_one_shape(exc, status, body):
    response = exception_handler(exc, {})
    assert response.status_code == status
    assert response.data == body if body else set(response.data) == {"detail", "code"}
    if status == 404:
        assert "Course" not in response.data["detail"]  # model names stay private
    if status == 429:
        assert response["Retry-After"] == "30"


def test_the_handler_leaves_a_bug_to_the_500_page():
    assert exception_handler(RuntimeError("bug"), {}) is None
