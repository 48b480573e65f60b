from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Talent standards")

    def ready(self) -> None:
        from competencies import cached_pages
        from competencies.models import Competency, CompetencyFramework
        from competencies.selectors import competency_choices_forget

        # The catalog's cached competency choices follow every change of a tree or a framework.
        for model in (Competency, CompetencyFramework):
            for signal in (post_save, post_delete):
                signal.connect(
                    competency_choices_forget,
                    sender=model,
                    dispatch_uid=f"competency-choices-{model.__name__}-{signal is post_save}",
                )
        cached_pages.register()
