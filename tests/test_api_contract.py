"""The API's contract (docs/decisions/0020): every learner action of the HTML pages has an API
twin or a recorded reason why not, and every operation of the schema documents the errors it can
give in the one error shape (core.openapi)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.views.static import serve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

# HTML page or action -> the API operations that do the same.
TWINS = {
    "courses:catalog": ("api-course-list", "api-course-languages"),
    "courses:detail": ("api-course-detail", "api-course-assessments", "api-course-grades"),
    "courses:enroll": "api-enrollment",
    "courses:withdraw": "api-enrollment",
    "courses:lesson": "api-lesson",
    "courses:lesson_complete": "api-lesson-completion",
    "courses:attachment": "api-lesson-attachment",
    "courses:dashboard": ("api-my-enrollments", "api-grades"),
    "courses:frameworks": "api-frameworks",
    "courses:framework": "api-framework",
    # A competency's page shows what its framework's tree holds for it.
    "courses:competency": "api-framework",
    "courses:role": ("api-role", "api-role-levels"),
    "courses:goal": "api-goal",
    "assessments:detail": ("api-course-assessments", "api-assessment-attempts"),
    "assessments:start": "api-assessment-attempts",
    "assessments:attempt": ("api-attempt", "api-attempt-answers", "api-attempt-submit"),
    "assessments:result": "api-attempt-result",
    "assessments:map": "api-competency-map",
    "certificates": "api-certificates",
    "certificate-download": "api-certificate-download",
    "levels:apply": "api-level-apply",
    "levels:experience": "api-my-experience",
    "levels:mine": "api-my-level-credentials",
    "levels:download": "api-level-credential-download",
    "accounts:login": "api-token",
    "accounts:logout": "api-token",
    "accounts:profile": "api-me",
    # The public records behind the verify pages (plain views, in the schema).
    "verify": "verify-json",
    "levels:verify": "levels:verify-json",
}

BROWSER_ACCOUNT = (
    "Account lifecycle in the browser (email links, session passwords); API clients use a token "
    "from api-token."
)
PUBLIC_DOCUMENT = "Itself a public machine-readable document, in the schema (certificates.openapi)."
EXEMPT = {
    "home": "The landing page: links and the catalog's first courses (api-course-list).",
    "healthz": "For load balancers: the process answers; not a learner action.",
    "readyz": "For load balancers: the dependencies answer; not a learner action.",
    "accounts:sign_up": BROWSER_ACCOUNT,
    "accounts:sign_up_done": BROWSER_ACCOUNT,
    "accounts:confirm_email": BROWSER_ACCOUNT,
    "accounts:password_change": BROWSER_ACCOUNT,
    "accounts:password_reset": BROWSER_ACCOUNT,
    "accounts:password_reset_done": BROWSER_ACCOUNT,
    "accounts:password_reset_confirm": BROWSER_ACCOUNT,
    "accounts:password_reset_complete": BROWSER_ACCOUNT,
    "set_language": "The browser's interface language; API clients send Accept-Language.",
    "courses:competency_by_code": "Redirects a competency's code to its page (courses:competency).",
    "assessments:coverage": "An instructor's page; the API is the learner's.",
    "assessments:learners": "An instructor's page; the API is the learner's.",
    "assessments:learners-csv": "An instructor's export; the API is the learner's.",
    "levels:evidence": "The learner's own upload, for assessors reviewing it in the browser.",
    "verify-lookup": "Redirects a typed or pasted id to its verify page; a client has the id.",
    "verify-image": "The certificate's picture for people; its data is verify-json.",
    "levels:verify-image": "The credential's picture for people; its data is levels:verify-json.",
    "verify-json": PUBLIC_DOCUMENT,
    "levels:verify-json": PUBLIC_DOCUMENT,
    "jwks": PUBLIC_DOCUMENT,
    "jwk": PUBLIC_DOCUMENT,
    "issuer": PUBLIC_DOCUMENT,
    "revocation-list": PUBLIC_DOCUMENT,
    "verify-credential": PUBLIC_DOCUMENT,
}

# Error responses that are deliberately not the one error shape: standards' own bodies.
OWN_SHAPES = {
    ("/.well-known/jwks/{thumbprint}.json", "get", "404"),  # the site's 404 page
    ("/credentials/verify", "post", "400"),  # {"verified": false, "error"}, like a failed check
}
CASE_PREFIX = "/ims/case/"  # CASE status bodies (competencies.rest_api)
API_PREFIXES = ("api/", CASE_PREFIX.lstrip("/"))
WRITES = {"post", "put", "patch", "delete"}


def _routes(resolver=None, namespace=None, prefix=""):
    """(url name with namespace, route, callback) of every route, includes followed."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _routes(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name, prefix + str(entry.pattern), entry.callback


def _is_page(route: str, callback) -> bool:
    """Not the API (a DRF view, or under an API's prefix), not the admin, not static files."""
    view_class = getattr(callback, "cls", None)
    if isinstance(view_class, type) and issubclass(view_class, APIView):
        return False
    return callback is not serve and not route.lstrip("^").startswith(("admin/", *API_PREFIXES))


def _url_names() -> set:
    return {name for name, _route, _callback in _routes() if name}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_page_has_an_api_twin_or_a_recorded_exemption():
    pages = {name or route for name, route, callback in _routes() if _is_page(route, callback)}

    offenders = sorted(pages - TWINS.keys() - EXEMPT.keys())

    assert not offenders, f"Pages with no API twin and no exemption: {offenders}"


def test_twins_and_exemptions_name_routes_that_exist():
    names = _url_names()
    twins = {
        twin for value in TWINS.values() for twin in ([value] if isinstance(value, str) else value)
    }

    missing = sorted((twins | TWINS.keys() | EXEMPT.keys()) - names)

    assert not missing, f"Names in TWINS or EXEMPT that no route has: {missing}"


PUBLIC_DOCUMENTS = {
    "/issuer": "issuer",
    "/.well-known/jwks.json": "jwks",
    "/.well-known/jwks/{thumbprint}.json": "jwk",
    "/credentials/revocations": "revocation-list",
    "/credentials/verify": "verify-credential",
    "/verify/{public_id}.json": "verify-json",
    "/verify/level/{public_id}.json": "levels:verify-json",
}
EXAMPLE_VALUES = {"{thumbprint}": "A" * 43, "{public_id}": "0b5bd8b2-6e4c-4d6c-9b5e-5a2f3c1d7e90"}


def test_public_credential_endpoints_are_in_the_schema_at_their_routes(schema):
    for path, url_name in PUBLIC_DOCUMENTS.items():
        example = path
        for placeholder, value in EXAMPLE_VALUES.items():
            example = example.replace(placeholder, value)

        assert path in schema["paths"]
        assert resolve(example).view_name == url_name


def test_a_cursor_list_documents_the_404_of_a_damaged_cursor(schema):
    # Found by fuzzing: ?cursor=size gave an undocumented 404 (DRF's answer, kept on purpose).
    not_found = schema["paths"]["/api/v1/courses/"]["get"]["responses"]["404"]

    assert not_found["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def _expected_errors(operation: dict, method: str) -> set:
    """The statuses the schema's own facts call for (429 and 409 only the view knows)."""
    locations = {parameter["in"] for parameter in operation.get("parameters", [])}
    signed_in = [req for req in operation.get("security", []) if req]
    expected = set()
    if "requestBody" in operation or "query" in locations:
        expected.add("400")
    if signed_in:
        expected.add("401")
    if "path" in locations:
        expected.add("404")
    if method in WRITES and signed_in:
        expected.add("403")  # CSRF, for a session
    return expected


def test_every_operation_documents_its_errors(schema):
    lacking = [
        f"{method.upper()} {path}: {sorted(missing)}"
        for path, method, operation in _operations(schema)
        if not path.startswith(CASE_PREFIX)
        and (missing := _expected_errors(operation, method) - operation["responses"].keys())
    ]

    assert not lacking, f"Operations lacking error responses: {lacking}"


def test_every_error_has_the_one_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    other = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in _operations(schema)
        if not path.startswith(CASE_PREFIX)
        for status, response in operation["responses"].items()
        if status.startswith("4")
        and (path, method, status) not in OWN_SHAPES
        and response.get("content") != {"application/json": {"schema": error}}
    ]

    assert not other, f"Error responses not in the one shape: {other}"


def test_throttled_operations_say_when_to_retry(schema):
    throttled = [
        (path, method, operation["responses"]["429"])
        for path, method, operation in _operations(schema)
        if "429" in operation["responses"]
    ]

    assert throttled  # the token endpoint and the public verify records at least
    assert all("Retry-After" in response.get("headers", {}) for _p, _m, response in throttled)


def test_fixed_values_are_named_enums(schema):
    enums = {name for name in schema["components"]["schemas"] if name.endswith("Enum")}

    assert {
        "ErrorCodeEnum",
        "CourseLevelEnum",
        "EnrollmentStatusEnum",
        "AttemptStatusEnum",
        "QuestionKindEnum",
        "CredentialStatusEnum",
        "ApplicationStatusEnum",
    } <= enums
