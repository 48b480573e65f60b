import zoneinfo

from django.utils import timezone, translation


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
