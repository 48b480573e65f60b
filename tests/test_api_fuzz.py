"""Schema-driven fuzzing of the whole API (docs/decisions/0020): schemathesis reads /api/schema/
from the app in-process, makes up requests for every operation (a bounded, reproducible number)
and checks that none is a server error or contradicts the schema (status, content type, body).

About half the generated path parameters name seeded objects, so requests reach past the 404s.
Run alone with `make fuzz`; `make test` runs it once, in its SQLite pass."""

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from assessments import services as assessment_services
from certificates import services as certificate_services
from competencies.interchange.case_export import ITEM_TYPES, child_of_identifier
from config.wsgi import application
from courses import services as course_services
from tests.assessments.conftest import make_assessment, make_question
from tests.factories import competency, make_course, make_framework, make_role

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = 25  # per operation
API_ROOTS = ("/api/v1/", "/ims/case/v1p1/")

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


def _seeded_objects(learner, instructor) -> dict:
    """A published course with lessons, an assessment and an attempt in progress, the learner
    enrolled and awarded a certificate; a framework with a role. Their path-parameter values by
    (the resource, parameter name), or by parameter name alone; CASE's sourcedIds by the CASE
    collection (the framework, one of its items, that item's association, the item types)."""
    course = make_course("incoterms", instructors=(instructor.email,))
    quiz = make_assessment(course, [make_question(course), make_question(course, "true_false")])
    course_services.enrollment_create(learner=learner, course=course)
    attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    certificate, _created = certificate_services.certificate_award(
        course=course, learner=learner, by=instructor, reason="Fuzzing"
    )
    framework = make_framework()
    role = make_role(framework, "customs-broker", {"A1.1": 2})
    item = competency(framework, "A1.1")
    return {
        ("courses", "slug"): [course.slug],
        ("roles", "slug"): [role.slug],
        ("assessments", "uuid"): [str(quiz.uuid)],
        ("attempts", "uuid"): [str(attempt.uuid)],
        ("frameworks", "uuid"): [str(framework.uuid)],
        ("CFDocuments", "sourcedId"): [str(framework.uuid)],
        ("CFPackages", "sourcedId"): [str(framework.uuid)],
        ("CFItems", "sourcedId"): [str(item.uuid)],
        ("CFItemAssociations", "sourcedId"): [str(item.uuid)],
        ("CFAssociations", "sourcedId"): [str(child_of_identifier(item.uuid))],
        ("CFItemTypes", "sourcedId"): [str(identifier) for identifier in ITEM_TYPES],
        "public_id": [str(certificate.public_id)],
        "lesson_id": [
            lesson.pk for module in course.modules.all() for lesson in module.lessons.all()
        ],
        "rank": [1, 2],
    }


def _towards_seeded(case, seeded: dict, data) -> None:
    """Half the cases get their path parameters from the seeded objects, where there are some."""
    if not case.path_parameters or not data.draw(st.booleans(), label="seeded"):
        return
    resource = _resource(case.path)
    for name in case.path_parameters:
        values = seeded.get((resource, name)) or seeded.get(name)
        if values:
            case.path_parameters[name] = data.draw(st.sampled_from(values), label=name)


def _resource(path: str) -> str:
    """The path's first segment under the API's or CASE's root: "courses", "CFItems"."""
    for root in API_ROOTS:
        path = path.removeprefix(root)
    return path.strip("/").split("/")[0]


@pytest.fixture
def connection_kept():
    """As in Django's test client: a request's start and end leave the test's database connection
    open (its transaction holds the seeded data)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _fuzz(operation, seeded: dict[str, list], learner):
    """A Hypothesis test of one operation: made-up requests as the learner, each checked."""

    @hypothesis.given(case=operation.as_strategy(), data=st.data())
    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,  # the same requests on every run
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test(case, data):
        _towards_seeded(case, seeded, data)
        # Fetched for every request: one operation revokes the token it is called with.
        token, _created = Token.objects.get_or_create(user=learner)
        case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=CHECKS)

    return test


def test_the_api_keeps_its_contract(db, connection_kept, learner, instructor, settings, tmp_path):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    seeded = _seeded_objects(learner, instructor)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        cache.clear()  # each operation starts with no throttle counts
        try:
            _fuzz(operation, seeded, learner)()
        except (Exception, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label}: {failure}")

    assert not failures, "\n\n".join(failures)
