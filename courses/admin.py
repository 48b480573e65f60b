"""Instructor authoring. Instructors see and change only the courses they teach (and what is in
them); superusers see everything. Status changes go through actions, which call the services."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from competencies import api as competencies
from core.admin_inlines import FixedCostInline
from core.admin_language import LANGUAGE_TAG_INPUT, LanguageTagListFilter, language_label
from core.admin_scope import ReadOnlyRecords, apply_each, import_page, scope_foreign_key
from core.bidi import isolate
from core.documents import document_text
from core.markdown import render_markdown
from courses import services
from courses.admin_base import COURSE_FOREIGN_KEY_SCOPES, TaughtCourseAdmin
from courses.models import (
    Course,
    CourseCompetency,
    CourseStatus,
    Enrollment,
    Lesson,
    LessonAttachment,
    Module,
)
from courses.transfer import CourseImportError, course_export, course_import
from courses.uploads import clean_image


def linkable_courses(user):
    """Courses an instructor may name as a prerequisite or an original: their own and published."""
    courses = Course.objects.all()
    if user.is_superuser:
        return courses
    return courses.filter(Q(instructors=user) | Q(status=CourseStatus.PUBLISHED)).distinct()


def course_list_filter(path: str):
    """A list filter offering only the courses in the instructor's own rows (a superuser, who
    would get every course of the site, searches by course title instead)."""
    return (path, admin.RelatedOnlyFieldListFilter)


class ScopedInline:
    """Inline rows follow their parent's scope; foreign keys inside them are scoped too."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope_foreign_key(COURSE_FOREIGN_KEY_SCOPES, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CourseCompetencyForm(forms.ModelForm):
    class Meta:
        model = CourseCompetency
        fields = ("competency", "level")

    def clean(self):
        cleaned = super().clean()
        problem = competencies.level_of_competency_error(
            competency=cleaned.get("competency"), level=cleaned.get("level")
        )
        if problem:
            self.add_error("level", problem)
        return cleaned


class CourseCompetencyInline(FixedCostInline, admin.TabularInline):
    """On the course form: which competencies the course teaches, to which level."""

    model = CourseCompetency
    form = CourseCompetencyForm
    extra = 1
    autocomplete_fields = ("competency",)


class ModuleInline(FixedCostInline, ScopedInline, admin.TabularInline):
    model = Module
    fields = ("order", "title", "lesson_count", "edit_link")
    readonly_fields = ("lesson_count", "edit_link")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lesson_total=Count("lessons"))

    @admin.display(description=_("lessons"))
    def lesson_count(self, module):
        return getattr(module, "lesson_total", 0)

    @admin.display(description="")
    def edit_link(self, module):
        if not module.pk:
            return ""
        url = reverse("admin:courses_module_change", args=[module.pk])
        return format_html('<a href="{}">{}</a>', url, _("Edit lessons"))


class CourseForm(forms.ModelForm):
    # A plain file field: clean_image gives the clear messages (format, size, megapixels) that
    # Django's ImageField would replace with a generic one.
    cover_image = forms.FileField(label=_("cover image"), required=False)

    class Meta:
        model = Course
        fields = (
            "title",
            "slug",
            "subtitle",
            "description",
            "cover_image",
            "language",
            "language_version_of",
            "level",
            "effort_hours",
            "instructors",
            "prerequisites",
            "prerequisites_enforced",
            "pass_mark",
            "certificate_needs_all_lessons",
        )

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and "cover_image" in self.changed_data:
            return clean_image(image)
        return image

    def clean_language_version_of(self):
        return services.course_language_original(
            course=self.instance, original=self.cleaned_data.get("language_version_of")
        )


IMPORT_MAX_BYTES = 200 * 1024 * 1024


class CourseImportForm(forms.Form):
    document = forms.FileField(
        label=_("Course document (JSON)"),
        help_text=_("A file exported from this or another Crossborder Academy site."),
    )

    def clean_document(self):
        return document_text(self.cleaned_data["document"], max_bytes=IMPORT_MAX_BYTES)


@admin.register(Course)
class CourseAdmin(TaughtCourseAdmin):
    form = CourseForm
    list_display = ("title", "slug", "language_shown", "level", "status", "published_at")
    list_filter = ("status", ("language", LanguageTagListFilter), "level")
    formfield_overrides = LANGUAGE_TAG_INPUT
    search_fields = ("title", "slug", "subtitle")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("instructors", "prerequisites", "language_version_of")
    readonly_fields = ("status", "published_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "subtitle", "description", "cover_image")}),
        (_("Audience"), {"fields": ("language", "language_version_of", "level", "effort_hours")}),
        (
            _("People and prerequisites"),
            {"fields": ("instructors", "prerequisites", "prerequisites_enforced")},
        ),
        (_("Grading"), {"fields": ("pass_mark", "certificate_needs_all_lessons")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
    )
    inlines = (ModuleInline, CourseCompetencyInline)
    actions = ("publish", "unpublish", "archive", "duplicate", "export_json")
    change_list_template = "admin/courses/course/change_list.html"

    @admin.display(description=_("content language"), ordering="language")
    def language_shown(self, course):
        return language_label(course.language)

    def get_queryset(self, request):
        linking = request.GET.get("field_name") in {"prerequisites", "language_version_of"}
        if request.resolver_match and request.resolver_match.url_name == "autocomplete" and linking:
            return linkable_courses(request.user)
        return super().get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "language_version_of":
            kwargs["queryset"] = linkable_courses(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "prerequisites":
            kwargs["queryset"] = linkable_courses(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The service compares with the stored row: a new cover, new grading rules.
        services.course_save(course=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # After the form set the instructors, so the author is added, not overwritten.
            services.course_author_add(course=form.instance, author=request.user)
        services.course_renumber(course=form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is not CourseCompetency:
            return super().save_formset(request, form, formset, change)
        targets = formset.save(commit=False)
        for target in formset.deleted_objects:
            target.delete()
        for target in targets:
            services.course_target_save(target=target)
        return None

    def _each(self, request, queryset, service, done_message):
        apply_each(self, request, queryset, lambda course: service(course=course), done_message)

    @admin.action(description=_("Publish the selected courses"), permissions=["change"])
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_publish,
            lambda n: ngettext("%d course published.", "%d courses published.", n) % n,
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_unpublish,
            lambda n: (
                ngettext("%d course is a draft again.", "%d courses are drafts again.", n) % n
            ),
        )

    @admin.action(description=_("Archive the selected courses"), permissions=["change"])
    def archive(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_archive,
            lambda n: ngettext("%d course archived.", "%d courses archived.", n) % n,
        )

    @admin.action(
        description=_("Duplicate as a new draft (e.g. a language version)"), permissions=["add"]
    )
    def duplicate(self, request, queryset):
        for course in queryset:
            copy = services.course_duplicate(course=course, by=request.user)
            self.message_user(
                request,
                format_html(
                    _('Created the draft <a href="{}">{}</a>.'),
                    reverse("admin:courses_course_change", args=[copy.pk]),
                    copy.title,
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Export as a JSON document"), permissions=["view"])
    def export_json(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one course to export."), messages.ERROR)
            return None
        course = queryset.get()
        response = HttpResponse(
            json.dumps(course_export(course), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{course.slug}.json"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="courses_course_import"), *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CourseImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                document = json.loads(form.cleaned_data["document"])
                course = course_import(document, by=request.user)
            except (ValueError, RecursionError) as error:  # a too-long number, too deep nesting
                errors = [_("The file is not valid JSON: %(error)s") % {"error": error}]
            except CourseImportError as error:
                errors = error.errors
            else:
                services.course_author_add(course=course, author=request.user)
                self.message_user(
                    request,
                    _("Imported “%(title)s”.") % {"title": isolate(course.title)},
                    messages.SUCCESS,
                )
                return redirect("admin:courses_course_change", course.pk)
        return import_page(self, request, form=form, errors=errors, title=_("Import a course"))


# Video links must be https; a link typed without a scheme is read as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class LessonInline(FixedCostInline, ScopedInline, admin.StackedInline):
    model = Lesson
    formfield_overrides = HTTPS_URLS
    fields = (("order", "title"), ("minutes", "free_preview"), "competency", "video_url", "body")
    autocomplete_fields = ("competency",)
    extra = 1
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(TaughtCourseAdmin):
    course_path = "course__"
    list_display = ("title", "course", "order")
    list_filter = (course_list_filter("course"),)
    search_fields = ("title", "course__title")
    list_select_related = ("course",)
    autocomplete_fields = ("course",)
    inlines = (LessonInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.course_renumber(course=form.instance.course)
        if "course" in form.changed_data and form.initial.get("course"):
            services.course_renumber(course=Course.objects.get(pk=form.initial["course"]))


class AttachmentInline(ScopedInline, admin.TabularInline):
    model = LessonAttachment
    extra = 1


@admin.register(Lesson)
class LessonAdmin(TaughtCourseAdmin):
    course_path = "module__course__"
    list_display = ("title", "module", "minutes", "free_preview", "order")
    list_filter = ("free_preview", course_list_filter("module__course"))
    search_fields = ("title", "body", "module__title", "module__course__title")
    list_select_related = ("module__course",)
    autocomplete_fields = ("module", "competency")
    fields = (
        "module",
        ("order", "title"),
        ("minutes", "free_preview"),
        "competency",
        "video_url",
        "body",
        "preview",
    )
    readonly_fields = ("preview",)
    inlines = (AttachmentInline,)
    formfield_overrides = HTTPS_URLS

    @admin.display(description=_("Preview (as learners see it, after saving)"))
    def preview(self, lesson):
        return format_html('<div class="lesson-preview">{}</div>', render_markdown(lesson.body))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.course_renumber(course=form.instance.module.course)
        if "module" in form.changed_data and form.initial.get("module"):
            # Moved to another module: close the gap it left behind.
            services.course_renumber(course=Module.objects.get(pk=form.initial["module"]).course)


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyRecords, TaughtCourseAdmin):
    """Records of study: read-only here; learners enrol and progress on the site."""

    course_path = "course__"
    list_display = ("user", "course", "status", "enrolled_at", "completed_at")
    list_filter = ("status", course_list_filter("course"))
    search_fields = ("user__email", "user__full_name", "course__title")
    list_select_related = ("user", "course")
