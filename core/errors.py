"""The services' error vocabulary, beside Django's own exceptions.

A service says *what* went wrong; each entry point decides how to show it. Pages show the message;
the API turns each kind into one status through `core.api_errors.exception_handler`:

| a service raises                          | it means                                   | API |
| ----------------------------------------- | ------------------------------------------ | --- |
| `django.core.exceptions.ValidationError`  | the input is wrong (a value, a format)     | 400 |
| `FieldErrors` (a `ValidationError`)       | parts of one input field are wrong         | 400 |
| `django.core.exceptions.PermissionDenied` | this user may not do this                  | 403 |
| `Http404`, `ObjectDoesNotExist`           | no such thing, or not this user's to see   | 404 |
| `Conflict`                                | the input is fine, but the resource's      | 409 |
|                                           | state refuses it now                       |     |

The line between 400 and 409: the same request sent later (after a prerequisite is met, before a
deadline, to a published course) could succeed → `Conflict`; the request itself can never succeed
as written → `ValidationError`.
"""

from django.core.exceptions import ValidationError


class Conflict(Exception):
    """The request is valid, but the resource's state refuses it now: a draft that is not open, a
    prerequisite not met, no attempt left, already submitted, a deadline passed, another writer
    was first. Subclass it to name a service's own conflicts (e.g. `AttemptConflict`)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class FieldErrors(ValidationError):
    """Errors about the parts of one input field, keyed by part (answers by position). The API
    reports them under that field, `errors[field][part]`, like a serializer's nested errors.
    Raise it with a dict; subclasses set `field`."""

    field: str = ""
