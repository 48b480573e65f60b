import zoneinfo

from django.contrib.auth import middleware as auth_middleware
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from accounts.signed_in import request_user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the account read from the shared cache when it holds it (signed_in)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: request_user(request))


class LearnerPreferencesMiddleware:
    """Apply a signed-in learner's language and time zone to every request.

    Anonymous visitors keep the language LocaleMiddleware found (their switcher cookie or browser).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        return response
