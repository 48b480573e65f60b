from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from courses import cached_pages
        from courses.models import Course
        from courses.selectors import catalog_languages_forget

        # The catalog's cached list of content languages follows every way a course changes.
        post_save.connect(catalog_languages_forget, sender=Course, dispatch_uid="catalog-languages")
        post_delete.connect(
            catalog_languages_forget, sender=Course, dispatch_uid="catalog-languages-delete"
        )
        cached_pages.register()
