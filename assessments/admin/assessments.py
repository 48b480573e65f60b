"""Assessments: their pool, rules and weights; saving recomputes grades when the rules change."""

from django import forms
from django.contrib import admin

from assessments import services
from assessments.admin.base import TaughtCourseAdmin
from assessments.models import (
    Assessment,
)


class AssessmentForm(forms.ModelForm):
    """Shows assessment_scope_errors by field before saving; assessment_save enforces them."""

    class Meta:
        model = Assessment
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets decide what is shown

    def clean(self):
        cleaned = super().clean()
        course = cleaned.get("course")
        if course is None:
            return cleaned
        errors = services.assessment_scope_errors(
            course=course,
            module=cleaned.get("module"),
            questions=cleaned.get("questions", []),
            required_lessons=cleaned.get("required_lessons", []),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


@admin.register(Assessment)
class AssessmentAdmin(TaughtCourseAdmin):
    list_display = ("title", "course", "module", "is_published", "weight", "pass_mark")
    list_filter = ("is_published", ("course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "course__title")
    list_select_related = ("course", "module")
    # Searched, not listed: a select box would hold every course, question and lesson.
    autocomplete_fields = ("course", "module", "questions", "required_lessons")
    readonly_fields = ("uuid",)
    form = AssessmentForm

    def save_model(self, request, obj, form, change):
        # One service checks the parts are the course's own, sets the pool and required lessons,
        # and queues the recomputation of stored grades when the grading rules change.
        services.assessment_save(
            assessment=obj,
            questions=form.cleaned_data.get("questions"),
            required_lessons=form.cleaned_data.get("required_lessons"),
        )

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): assessment_save has set both many-to-many fields.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
