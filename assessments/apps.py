from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from assessments.tasks import recompute_course_grades
        from config.celery import enqueue_on_commit
        from courses.api import course_grading_changed

        def on_course_grading_changed(sender, course_id, **kwargs):
            enqueue_on_commit(recompute_course_grades, course_id)

        from assessments.tasks import issue_certificate_if_earned
        from courses.api import enrollment_completed

        def on_enrollment_completed(sender, user_id, course_id, **kwargs):
            enqueue_on_commit(issue_certificate_if_earned, user_id, course_id)

        enrollment_completed.connect(
            on_enrollment_completed,
            weak=False,
            dispatch_uid="assessments.certificate_on_completion",
        )
        course_grading_changed.connect(
            on_course_grading_changed,
            weak=False,  # a local function: nothing else keeps it alive
            dispatch_uid="assessments.recompute_course_grades",
        )
