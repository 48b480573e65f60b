"""The API's one error policy (REST_FRAMEWORK["EXCEPTION_HANDLER"]).

Every error of every endpoint has one body shape:

    {"detail": "<a message for people>", "code": "<a fixed word for programs>",
     "errors": {"<field>": ["<message>", ...], "<field>": {"<part>": ["<message>", ...]}}}

`errors` is there only when named input fields are wrong (400). Views raise, or let the services'
exceptions through (see `core.errors` for which is which); they never build error responses.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import Conflict, FieldErrors


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This conflicts with the current state of the resource.")
    default_code = "conflict"


class ServiceUnavailable(exceptions.APIException):
    """A dependency (the database) does not answer: the request may succeed in a minute."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("The site is briefly unavailable; try again in a minute.")
    default_code = "unavailable"


def exception_handler(exc, context):
    """Map `exc` to a status and the one body shape; None (a 500) for anything unexpected."""
    exc = as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        return None
    # DRF's own handler sets the status, Retry-After (429) and WWW-Authenticate (401), and rolls
    # back the request's transaction.
    response = drf_exception_handler(exc, context)
    response.data = error_body(exc)
    return response


def as_api_exception(exc):
    """The services' exceptions as DRF's; anything else unchanged."""
    if isinstance(exc, FieldErrors):
        return exceptions.ValidationError({exc.field: as_serializer_error(exc)})
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Conflict):
        return ConflictError(exc.message)
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound()  # the generic message: model names stay private
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def error_body(exc: exceptions.APIException) -> dict:
    if not isinstance(exc, exceptions.ValidationError):
        return {"detail": " ".join(_messages(exc.detail)), "code": exc.default_code}
    general, fields = _split(exc.detail)
    body = {
        "detail": " ".join(general) or _("Some values are not valid; see errors."),
        "code": exc.default_code,
    }
    if fields:
        body["errors"] = fields
    return body


def _split(detail) -> tuple[list[str], dict]:
    """(messages about the request as a whole, errors by field)."""
    if not isinstance(detail, dict):
        return _messages(detail), {}
    general_keys = (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS)
    general = [m for key in general_keys if key in detail for m in _messages(detail[key])]
    return general, {key: value for key, value in detail.items() if key not in general_keys}


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]
