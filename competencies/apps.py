from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Talent standards")

    def ready(self) -> None:
        from competencies import cached_pages

        cached_pages.register()
