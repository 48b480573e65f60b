"""What every response says to caches between the site and the visitor.

A visitor with no session gets a page that says nothing about who asks: no `Vary: Cookie` and,
unless the view says otherwise, no cache directive (the page cache marks its pages public).
Whatever was built for a session, or sets a cookie, is `private`: no shared cache keeps it.
See docs/decisions/0013-request-stack-and-page-cache.md.
"""

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_cache_control


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a request that brought no session cookie and left no session
    behind does not get `Vary: Cookie` for having looked (every page asks whether someone is
    signed in)."""

    def process_response(self, request, response):
        session = request.session
        if (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not session.modified
            and session.is_empty()
        ):
            session.accessed = False
        return super().process_response(request, response)


class PrivateResponsesMiddleware:
    """`Cache-Control: private` on responses built for a session or setting a cookie, unless
    the view chose its own directives."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and (
            settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies
        ):
            patch_cache_control(response, private=True)
        return response
