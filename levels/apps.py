from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    """Levels follow what the apps below announce; none of them imports levels."""

    name = "levels"
    verbose_name = _("Levels")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from assessments.api import course_grade_changed
        from certificates.api import Certificate, register_credential_model
        from courses.api import register_goal_section, register_role_section
        from levels import cached_pages, receivers, sections
        from levels.models import LevelCredential

        register_credential_model(LevelCredential)
        cached_pages.register()
        register_role_section(sections.role_ladder)
        register_goal_section(sections.goal_progress)
        course_grade_changed.connect(
            receivers.on_course_grade_changed, dispatch_uid="levels.on_course_grade_changed"
        )
        post_save.connect(
            receivers.on_certificate_saved,
            sender=Certificate,
            dispatch_uid="levels.on_certificate_saved",
        )
