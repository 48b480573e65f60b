from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates follow what the apps below announce; none of them imports certificates."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from assessments.api import course_grade_changed
        from certificates import cached_pages, receivers, selectors
        from courses.api import (
            enrollment_completed,
            register_achievement,
            register_enrollment_fact,
        )

        # Holding a valid certificate for any language version achieves the course family.
        register_achievement("certified", selectors.certified_families)
        register_enrollment_fact("certificate", selectors.certificates_by_enrollment)
        cached_pages.register()

        course_grade_changed.connect(
            receivers.on_course_grade_changed, dispatch_uid="certificates.on_course_grade_changed"
        )
        enrollment_completed.connect(
            receivers.on_enrollment_completed,
            dispatch_uid="certificates.on_enrollment_completed",
        )
