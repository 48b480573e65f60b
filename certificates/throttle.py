"""The verifiers' rate limit: a fixed window per client address, enough to stop enumeration of
public ids and no bother for people. Every public verify page and check uses it."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _

from accounts.api import client_ip


def rate_limited(request) -> bool:
    """A fixed window per client address: enough to stop enumeration, no bother for people."""
    key = f"verify-rate:{client_ip(request)}"
    try:
        count = cache.incr(key)  # one round trip while the window lasts
    except ValueError:  # the window's first request (or another one's key just expired)
        count = 1 if cache.add(key, 1, 60) else _incr_or_one(key)
    return count > settings.CERTIFICATE_VERIFY_RATE


def _incr_or_one(key: str) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # expired since another request added it: a new window
        return 1


def too_many():
    # The API's error shape (core.api_errors), though this is a plain view.
    response = JsonResponse(
        {"detail": _("Too many requests; try again in a minute."), "code": "throttled"}, status=429
    )
    response["Retry-After"] = "60"
    return response


def throttled(view):
    """The rate limit before anything else, a page from the cache included."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if rate_limited(request):
            return too_many()
        return view(request, *args, **kwargs)

    return wrapper
