from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from competencies.api import ProficiencyLevel
        from courses import cached_pages, teaching
        from courses.models import Course, CourseCompetency
        from courses.selectors import catalog_languages_forget

        # The catalog's cached list of content languages follows every way a course changes.
        post_save.connect(catalog_languages_forget, sender=Course, dispatch_uid="catalog-languages")
        post_delete.connect(
            catalog_languages_forget, sender=Course, dispatch_uid="catalog-languages-delete"
        )
        cached_pages.register()

        # The roll-up of courses teaching each competency follows every write that changes it,
        # in that write's transaction (decision 0015).
        for signal, sender, receiver in [
            (post_save, Course, teaching.on_course_changed),
            (pre_save, CourseCompetency, teaching.on_target_changing),
            (post_save, CourseCompetency, teaching.on_target_saved),
            (post_delete, CourseCompetency, teaching.on_target_deleted),
            (post_save, ProficiencyLevel, teaching.on_level_saved),
        ]:
            signal.connect(receiver, sender=sender, dispatch_uid=f"teaching-{receiver.__name__}")
