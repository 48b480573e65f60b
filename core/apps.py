from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing every app may use and that knows no app (no models)."""

    name = "core"
    verbose_name = _("Core")
