"""Authoring competency frameworks, their competencies and target roles.

Frameworks are shared standards: every instructor may author them. Imports and exports
(Moodle CSV, IMS CASE) are on the framework list.
"""

import csv
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from competencies import services
from competencies.interchange.case_export import framework_to_case
from competencies.interchange.case_import import framework_from_case
from competencies.interchange.errors import FrameworkImportError
from competencies.interchange.moodle_csv import framework_from_moodle_csv, framework_to_moodle_csv
from competencies.models import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
)
from core.admin_inlines import FixedCostInline
from core.admin_language import LANGUAGE_TAG_INPUT, LanguageTagListFilter, language_label
from core.admin_scope import apply_each, import_page
from core.bidi import isolate
from core.documents import document_text

IMPORT_MAX_BYTES = 20 * 1024 * 1024


class LevelFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        errors = services.scale_errors(
            [(level.get("rank"), bool(level.get("is_proficient"))) for level in kept]
        )
        if errors:
            raise ValidationError(errors)


class LevelInline(admin.TabularInline):
    model = ProficiencyLevel
    formset = LevelFormSet
    extra = 0
    fields = ("rank", "name", "description", "is_proficient")


class FrameworkImportForm(forms.Form):
    FORMATS = [
        ("moodle", _("Moodle competency framework CSV")),
        ("case", _("IMS CASE 1.1 package (JSON)")),
    ]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    document = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CASE package of a framework that is already here (the same CFDocument identifier) "
            "updates it in place; anything else creates a draft."
        ),
    )

    def clean_document(self):
        return document_text(self.cleaned_data["document"], max_bytes=IMPORT_MAX_BYTES)


@admin.register(CompetencyFramework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "version",
        "publisher",
        "language_shown",
        "status",
        "competency_count",
    )
    list_filter = ("status", ("language", LanguageTagListFilter))
    formfield_overrides = LANGUAGE_TAG_INPUT
    search_fields = ("title", "publisher", "description")
    readonly_fields = ("uuid", "status")
    inlines = (LevelInline,)
    actions = ("publish", "retire", "export_moodle_csv", "export_case")
    change_list_template = "admin/competencies/competencyframework/change_list.html"

    @admin.display(description=_("language"), ordering="language")
    def language_shown(self, framework):
        return language_label(framework.language)

    @admin.display(description=_("competencies"))
    def competency_count(self, framework):
        return framework.competency_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(competency_total=Count("competencies"))

    def _set_status(self, request, queryset, status, message):
        apply_each(
            self,
            request,
            queryset,
            lambda framework: services.framework_set_status(framework=framework, status=status),
            message,
        )

    def has_publish_permission(self, request):
        # A framework is shared by every course: publishing or retiring it is the site's call.
        return request.user.is_superuser

    @admin.action(description=_("Publish the selected frameworks"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            FrameworkStatus.PUBLISHED,
            lambda n: ngettext("%d framework published.", "%d frameworks published.", n) % n,
        )

    @admin.action(description=_("Retire the selected frameworks"), permissions=["publish"])
    def retire(self, request, queryset):
        self._set_status(
            request,
            queryset,
            FrameworkStatus.RETIRED,
            lambda n: ngettext("%d framework retired.", "%d frameworks retired.", n) % n,
        )

    def _single(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one framework to export."), messages.ERROR)
            return None
        return queryset.get()

    @admin.action(description=_("Export as Moodle CSV"), permissions=["view"])
    def export_moodle_csv(self, request, queryset):
        framework = self._single(request, queryset)
        if framework is None:
            return None
        try:
            text = framework_to_moodle_csv(framework)
        except ValueError as error:  # e.g. a level name with a comma, which Moodle cannot hold
            self.message_user(request, str(error), messages.ERROR)
            return None
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="framework-{framework.uuid}.csv"'
        return response

    @admin.action(description=_("Export as an IMS CASE 1.1 package"), permissions=["view"])
    def export_case(self, request, queryset):
        framework = self._single(request, queryset)
        if framework is None:
            return None
        package = framework_to_case(framework)  # URIs at SITE_URL, where they resolve
        response = HttpResponse(
            json.dumps(package, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="framework-{framework.uuid}.json"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("import/", view, name="competencies_competencyframework_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                text = form.cleaned_data["document"]
                if form.cleaned_data["format"] == "moodle":
                    framework = framework_from_moodle_csv(text)
                    message = _("Imported “%(title)s” as a draft.") % {
                        "title": isolate(framework.title)
                    }
                else:
                    report = framework_from_case(
                        json.loads(text),
                        may_update=lambda found: self.has_change_permission(request, found),
                    )
                    framework, message = report.framework, report.summary()
            except (csv.Error, RecursionError) as error:
                errors = [_("The file cannot be read: %(error)s") % {"error": error}]
            except ValueError as error:  # not JSON, or a number too long to read
                errors = [_("The file is not valid JSON: %(error)s") % {"error": error}]
            except FrameworkImportError as error:
                errors = error.errors
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:competencies_competencyframework_change", framework.pk)
        return import_page(
            self, request, form=form, errors=errors, title=_("Import a competency framework")
        )


class CompetencyForm(forms.ModelForm):
    """Shows competency_parent_error on "parent" before saving; competency_save enforces it."""

    class Meta:
        model = Competency
        fields = ("framework", "parent", "code", "title", "statement", "description", "order")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("framework"):
            self.instance.framework = cleaned["framework"]
        if self.instance.framework_id:
            problem = services.competency_parent_error(
                competency=self.instance, parent=cleaned.get("parent")
            )
            if problem:
                self.add_error("parent", problem)
        return cleaned


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    form = CompetencyForm
    list_display = ("tree_title", "code", "framework", "order")
    list_filter = ("framework",)
    search_fields = ("code", "title", "description")
    autocomplete_fields = ("parent",)
    list_select_related = ("framework",)
    ordering = ("framework", "tree_path")

    def get_readonly_fields(self, request, obj=None):
        # A competency stays in its framework: moving it would split its subtree and mappings.
        return ("uuid", "framework") if obj else ("uuid",)

    @admin.display(description=_("competency"), ordering="tree_path")
    def tree_title(self, competency):
        return format_html(
            '<span style="padding-inline-start:{}em">{}</span>',
            competency.depth * 1.5,
            f"{competency.code} {competency.title}",
        )

    def save_model(self, request, obj, form, change):
        services.competency_save(competency=obj)


class RequirementForm(forms.ModelForm):
    class Meta:
        model = RoleRequirement
        fields = ("competency", "level")

    def clean(self):
        cleaned = super().clean()
        errors = services.role_requirement_errors(
            role=self.instance.role,
            competency=cleaned.get("competency"),
            level=cleaned.get("level"),
        )
        for field, field_errors in errors.items():
            for message in field_errors:
                self.add_error(field, message)
        return cleaned


class RequirementInline(FixedCostInline, admin.TabularInline):
    model = RoleRequirement
    form = RequirementForm
    extra = 1
    autocomplete_fields = ("competency",)


@admin.register(TargetRole)
class TargetRoleAdmin(admin.ModelAdmin):
    list_display = ("name", "framework")
    list_filter = ("framework",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("framework", "name", "slug", "description", "stewards")
    filter_horizontal = ("stewards",)

    def get_readonly_fields(self, request, obj=None):
        # Stewards assess the role's applications: only an administrator names them.
        fixed = ("framework",) if obj else ()
        return fixed if request.user.is_superuser else (*fixed, "stewards")

    def get_inlines(self, request, obj):
        # Requirements come after the role is saved, when its framework is fixed.
        return (RequirementInline,) if obj else ()

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleRequirement:
            return super().save_formset(request, form, formset, change)
        requirements = formset.save(commit=False)
        for requirement in formset.deleted_objects:
            requirement.delete()
        for requirement in requirements:
            services.role_requirement_save(requirement=requirement)
        return None
