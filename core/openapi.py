"""The API schema's error responses (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

drf-spectacular documents what a view returns when it succeeds; `AutoSchema` adds the errors each
operation can really give, all with the one body of `core.api_errors` (the `Error` component),
derived from the view:

- 400 when the operation takes a request body or query parameters;
- 401 when the view authenticates (a token that is not valid is refused even where signing in is
  optional; where it is required, so is a missing one);
- 403 when a permission beyond "signed in" can refuse, or a write is signed in by session (CSRF);
- 404 when the path has parameters, or a list takes a cursor (DRF's answer to a damaged one);
- 429, with `Retry-After`, when throttles apply.

409 is the state of a resource, which only the view knows: views that can give it (and any other
error the rules above miss) declare it with `extend_schema(responses={409: error_response(...)})`;
a declared response is never replaced. Views whose errors are not this shape (their own exception
handler, as the CASE endpoints') are left as they declare them.

Plain Django views that belong in the API's contract (the public credential documents) are
described by stand-ins (`plain_view_endpoint`), added by the apps' preprocessing hooks.
"""

import re

from drf_spectacular import openapi
from drf_spectacular.generators import EndpointEnumerator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from core import api_errors

# The fixed words of `code`, one per status (400 has two: invalid fields, or an unreadable body).
ERROR_CODES = [
    exception.default_code
    for exception in (
        exceptions.ValidationError,
        exceptions.ParseError,
        exceptions.NotAuthenticated,
        exceptions.AuthenticationFailed,
        exceptions.PermissionDenied,
        exceptions.NotFound,
        exceptions.MethodNotAllowed,
        exceptions.NotAcceptable,
        api_errors.ConflictError,
        api_errors.ServiceUnavailable,
        exceptions.UnsupportedMediaType,
        exceptions.Throttled,
        exceptions.APIException,
    )
]
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
DESCRIPTIONS = {
    400: "The request is not valid: `detail` says why, `errors` names each wrong field.",
    401: "Not signed in, or the token is not valid.",
    403: "Not allowed.",
    404: "Not found (or not yours).",
    429: "Too many requests: try again after `Retry-After` seconds.",
}
DAMAGED_CURSOR = "The `cursor` is not one this list gave."
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "Seconds to wait before trying again.",
    }
}


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API (`core.api_errors`)."""

    detail = serializers.CharField(help_text="A message for people, in your language.")
    code = serializers.ChoiceField(
        choices=ERROR_CODES, help_text="A fixed word for programs, one per status: branch on it."
    )
    errors = serializers.DictField(
        required=False,
        help_text="Only for invalid fields (400): field → list of messages, or → part → list.",
    )

    class Meta:
        ref_name = "Error"


def error_response(description: str) -> OpenApiResponse:
    """An error response in the one shape, for a view's `extend_schema(responses=...)`."""
    return OpenApiResponse(ErrorSerializer, description=description)


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None or not self._has_error_shape():
            return operation
        responses = operation["responses"]
        for status, description in self._errors(operation).items():
            responses.setdefault(str(status), self._error(description))
        if "429" in responses:
            responses["429"].setdefault("headers", RETRY_AFTER)
        return operation

    def _has_error_shape(self) -> bool:
        """The view's errors go through the project's handler."""
        return self.view.get_exception_handler() is api_errors.exception_handler

    def _errors(self, operation: dict) -> dict[int, str]:
        """The statuses the view's setup and the operation's inputs can give, described."""
        view = self.view
        locations = {parameter["in"] for parameter in operation.get("parameters", [])}
        permissions = [type(permission) for permission in view.get_permissions()]
        authenticators = view.get_authenticators()
        checks = {
            400: "requestBody" in operation or "query" in locations,
            401: bool(authenticators),
            403: any(p not in (AllowAny, IsAuthenticated) for p in permissions)
            or (
                self.method in WRITES
                and any(isinstance(a, SessionAuthentication) for a in authenticators)
            ),
            404: "path" in locations,
            429: bool(view.get_throttles()),
        }
        errors = {status: DESCRIPTIONS[status] for status, applies in checks.items() if applies}
        paginator = getattr(view, "pagination_class", None)
        if paginator and issubclass(paginator, CursorPagination):
            errors.setdefault(404, DAMAGED_CURSOR)
        return errors

    def _error(self, description: str) -> dict:
        component = self.resolve_serializer(ErrorSerializer, "response")
        return {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }


class PlainViewStandIn(APIView):
    """A public plain Django view as the schema sees it: never routed, never called."""

    authentication_classes = []
    permission_classes = [AllowAny]


def plain_view_endpoint(urlpatterns: list, name: str, method: str, **schema) -> tuple:
    """The endpoint (path, regex, method, callback) of the route `name` in `urlpatterns` (included
    at the site's root), described by `extend_schema(**schema)`; its path parameters keep the
    route's patterns."""
    route = next(pattern for pattern in urlpatterns if pattern.name == name)
    path_regex = "^/" + route.pattern.regex.pattern.removeprefix("^")
    # A path() route's regex escapes its literal characters (`.well\-known`).
    path = re.sub(r"\\(.)", r"\1", EndpointEnumerator().get_path_from_regex(path_regex))

    def handler(self, request, *args, **kwargs):
        raise NotImplementedError  # the route's own view answers

    described = {method.lower(): extend_schema(**schema)(handler)}
    stand_in = type(f"StandIn_{name}", (PlainViewStandIn,), described)
    return path, path_regex, method.upper(), stand_in.as_view()
