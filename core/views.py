"""The site's error pages (config.urls handler400/403/404/500).

Pages come in the visitor's language (LocaleMiddleware has run by the time any of these is called)
with the site's header and a way forward. Under /api/ the answer is the API's one error shape
(core.api_errors) instead, so a client that mistypes an endpoint gets JSON, not a web page; DRF
views answer their own errors before any of this is reached.

The 500 page renders without the database: no session, no user, no context processors — the
database may be the very thing that failed. It is rendered from a plain context, so a template
that reached for `user` would find nothing rather than query.
"""

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

from core.api_errors import error_body

API_PREFIX = "/api/"


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
    if _is_api(request):
        return _api_error(exceptions.APIException())
    # No request in the context: that is what keeps the session and the user out of it. The
    # CSRF token comes from the cookie, so the language switcher still works.
    context = {"csrf_token": get_token(request), "offline": True}
    return HttpResponse(loader.get_template("errors/500.html").render(context), status=500)
