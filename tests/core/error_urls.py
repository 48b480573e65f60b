"""The site's URLs plus two that fail on purpose, for the error pages no real page gives on demand
(a 403 for anyone, a 500 with the database up). The handlers are config.urls' own."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/forbidden/", forbidden),
    path("test-errors/broken/", broken),
    path("api/v1/test-errors/broken/", broken),
    *urlpatterns,
]
