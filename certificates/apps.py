from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates follow what the apps below announce; none of them imports certificates."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from assessments.api import course_grade_changed
        from certificates import receivers
        from courses.api import enrollment_completed

        course_grade_changed.connect(
            receivers.on_course_grade_changed, dispatch_uid="certificates.on_course_grade_changed"
        )
        enrollment_completed.connect(
            receivers.on_enrollment_completed,
            dispatch_uid="certificates.on_enrollment_completed",
        )
