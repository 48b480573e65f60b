from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from assessments import selectors
        from assessments.models import Assessment
        from core import page_cache
        from core.enqueue import enqueue_on_commit
        from courses.api import (
            COURSE_PAGES,
            course_grading_changed,
            register_achievement,
            register_enrollment_fact,
        )

        # A passing course grade in any language version achieves the course family.
        register_achievement("passed", selectors.passed_families)
        register_enrollment_fact("grade", selectors.course_grades_by_enrollment)
        # Course pages list their published assessments.
        page_cache.invalidate_on_change(Assessment, namespaces=[COURSE_PAGES])

        def on_course_grading_changed(sender, course_id, **kwargs):
            enqueue_on_commit("assessments.tasks.recompute_course_grades", course_id)

        course_grading_changed.connect(
            on_course_grading_changed,
            weak=False,  # a local function: nothing else keeps it alive
            dispatch_uid="assessments.recompute_course_grades",
        )
