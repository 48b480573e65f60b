"""The site's error pages (config.urls handler400/403/404/500).

Pages come in the visitor's language (LocaleMiddleware has run by the time any of these is called)
with the site's header and a way forward. Under /api/ the answer is the API's one error shape
(core.api_errors) instead, so a client that mistypes an endpoint gets JSON, not a web page; DRF
views answer their own errors before any of this is reached.

When the database does not answer, the page is a 503 with `Retry-After` instead: the site is
down for a moment, not broken. The 500 and 503 pages render without the database: no session,
no user, no context processors — the database may be the very thing that failed. They are
rendered from a plain context, so a template that reached for `user` would find nothing rather
than query.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

from core.api_errors import ServiceUnavailable, error_body

API_PREFIX = "/api/"
DATABASE_DOWN = (OperationalError, InterfaceError)  # refused, timed out, connection lost
RETRY_AFTER_SECONDS = 30


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(exc: exceptions.APIException) -> JsonResponse:
    return JsonResponse(error_body(exc), status=exc.status_code)


@requires_csrf_token
def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(exceptions.ParseError())
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(exceptions.PermissionDenied())
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(exceptions.NotFound())
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    """The 500 page, or 503 with Retry-After when the database did not answer (Django calls this
    while handling the exception, from a view or a middleware)."""
    unavailable = isinstance(sys.exc_info()[1], DATABASE_DOWN)
    if _is_api(request):
        return _retry_later(
            _api_error(ServiceUnavailable() if unavailable else exceptions.APIException()),
            unavailable,
        )
    # No request in the context: that is what keeps the session and the user out of it. The
    # CSRF token comes from the cookie, so the language switcher still works.
    context = {"csrf_token": get_token(request), "offline": True}
    template = "errors/503.html" if unavailable else "errors/500.html"
    page = HttpResponse(loader.get_template(template).render(context))
    page.status_code = 503 if unavailable else 500
    return _retry_later(page, unavailable)


def _retry_later(response, unavailable: bool):
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
