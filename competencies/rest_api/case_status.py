"""CASE 1.1 status bodies (imsx_StatusInfo): what every CASE endpoint answers instead of data
when a request fails, e.g. 404 with codeMinor `unknownobject` or `invalid_uuid`, 400 with
`invalid_selection_field` or `invalid_sort_field`. The descriptions are machine-facing English,
as in the CASE REST binding."""

import uuid

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers

CODE_MINOR_VALUES = [
    "forbidden",
    "fullsuccess",
    "internal_server_error",
    "invalid_selection_field",
    "invalid_sort_field",
    "invalid_uuid",
    "server_busy",
    "unauthorised_request",
    "unknownobject",
]
# DRF's own refusals, as CASE code minor values (none for 405: CASE has no method errors).
API_EXCEPTION_MINOR = {
    401: "unauthorised_request",
    403: "forbidden",
    404: "unknownobject",
    429: "server_busy",
}


class CaseError(Exception):
    """A failed CASE request: its HTTP status and status body."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        field: str | None = None,
        minor: str | None = None,
        major: str = "failure",
    ):
        super().__init__(description)
        self.status = status
        self.body = status_body(description, field=field, minor=minor, major=major)


def status_body(
    description: str, *, field: str | None = None, minor: str | None = None, major: str = "failure"
) -> dict:
    """An imsx_StatusInfo; codeMinor names the field at fault and why, when there is one."""
    body = {"imsx_codeMajor": major, "imsx_severity": "error", "imsx_description": description}
    if minor is not None:
        body["imsx_codeMinor"] = {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": field or "sourcedId", "imsx_codeMinorFieldValue": minor}
            ]
        }
    return body


def sourced_id(text: str) -> uuid.UUID:
    """The sourcedId of a CASE path, or 404 `invalid_uuid` (CASE's answer to a malformed id)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise CaseError(404, f"Invalid UUID: {text!r}", minor="invalid_uuid") from None


def unknown_object(identifier: uuid.UUID, kind: str) -> CaseError:
    return CaseError(404, f"Unknown Object: no {kind} {identifier}", minor="unknownobject")


def from_api_exception(error: exceptions.APIException) -> CaseError:
    """DRF's refusals (405, 429, …) as status bodies."""
    major = "unsupported" if error.status_code == 405 else "failure"
    minor = API_EXCEPTION_MINOR.get(error.status_code)
    return CaseError(error.status_code, str(error.detail), minor=minor, major=major)


STATUS_INFO = inline_serializer(
    "CaseStatusInfo",
    {
        "imsx_codeMajor": serializers.ChoiceField(
            ["failure", "processing", "success", "unsupported"]
        ),
        "imsx_severity": serializers.ChoiceField(["error", "status", "warning"]),
        "imsx_description": serializers.CharField(),
        "imsx_codeMinor": inline_serializer(
            "CaseCodeMinor",
            {
                "imsx_codeMinorField": inline_serializer(
                    "CaseCodeMinorField",
                    {
                        "imsx_codeMinorFieldName": serializers.CharField(),
                        "imsx_codeMinorFieldValue": serializers.ChoiceField(CODE_MINOR_VALUES),
                    },
                    many=True,
                )
            },
            required=False,
        ),
    },
)


def error_responses(*statuses: int) -> dict:
    """OpenAPI responses for the statuses an endpoint may answer with a status body."""
    meaning = {
        400: "invalid_selection_field or invalid_sort_field",
        404: "unknownobject, or invalid_uuid for a malformed sourcedId",
        405: "only GET (and OPTIONS) are served",
    }
    return {
        status: OpenApiResponse(STATUS_INFO, description=f"CASE status body: {meaning[status]}")
        for status in statuses
    }
