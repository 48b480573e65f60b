"""A role's ladder: its levels and each level's rules, checked by the same functions as every
other writer (`levels.services.ladder`), so a rule that can never be met is refused on its field
and nothing saved is lost."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments import api as assessments
from competencies import api as competencies
from core.admin_inlines import FixedCostFormSet, FixedCostInline
from courses import api as courses
from levels.admin.access import StewardedRoleAdmin, add_errors, may_steward
from levels.models import ExamUnit, LevelCompetency, LevelCourse, LevelEquivalence, RoleLevel
from levels.selectors import stewarded_roles
from levels.services import evidence, ladder


class LevelRulesFormSet(FixedCostFormSet):
    """Each row checks itself against the level as posted in the same form (its new exam)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.level = self.instance
        return form

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]


class CompetencyRuleForm(forms.ModelForm):
    class Meta:
        model = LevelCompetency
        fields = ("competency", "min_level")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("competency") and cleaned.get("min_level"):
            add_errors(
                self,
                ladder.competency_rule_errors(
                    level=self.instance.level,
                    competency=cleaned["competency"],
                    min_level=cleaned["min_level"],
                ),
            )
        return cleaned


class CourseRuleForm(forms.ModelForm):
    class Meta:
        model = LevelCourse
        fields = ("course",)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("course"):
            add_errors(
                self, ladder.course_rule_errors(level=self.instance.level, course=cleaned["course"])
            )
        return cleaned


class ExamUnitForm(forms.ModelForm):
    class Meta:
        model = ExamUnit
        fields = ("name", "competency", "weight", "min_percent")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("competency"):
            add_errors(
                self,
                ladder.exam_unit_errors(
                    level=self.instance.level, competency=cleaned["competency"]
                ),
            )
        return cleaned


class BlueprintFormSet(LevelRulesFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = ladder.blueprint_errors(
            [form.instance for form in self.kept_forms()], exam=self.instance.exam
        )
        if errors:
            raise ValidationError(errors)


class LevelInline(FixedCostInline):
    """A rule of the level being edited: whoever may edit the level may edit its rules."""

    extra = 0
    formset = LevelRulesFormSet

    def has_view_permission(self, request, obj=None):
        return may_steward(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class CompetencyRuleInline(LevelInline, admin.TabularInline):
    model = LevelCompetency
    form = CompetencyRuleForm
    autocomplete_fields = ("competency",)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The role's own scale: another framework's level is not offered.
            formset.form.base_fields[
                "min_level"
            ].queryset = competencies.ProficiencyLevel.objects.filter(
                framework_id=obj.role.framework_id
            ).order_by("rank")
        return formset


class CourseRuleInline(LevelInline, admin.TabularInline):
    model = LevelCourse
    form = CourseRuleForm
    autocomplete_fields = ("course",)


class ExamUnitInline(LevelInline, admin.TabularInline):
    model = ExamUnit
    form = ExamUnitForm
    formset = BlueprintFormSet
    autocomplete_fields = ("competency",)


class EquivalenceInline(LevelInline, admin.TabularInline):
    model = LevelEquivalence
    # A plain link input: the admin's "Currently: … Change:" pair overflows a table row.
    formfield_overrides = {
        models.URLField: {"widget": forms.URLInput(attrs={"size": 40}), "assume_scheme": "https"}
    }


@admin.register(RoleLevel)
class RoleLevelAdmin(StewardedRoleAdmin):
    list_display = ("name", "role", "rank", "exam", "needs_review")
    list_filter = (("role", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "role__name")
    list_select_related = ("role", "exam")
    ordering = ("role", "rank")
    autocomplete_fields = ("exam",)
    fieldsets = (
        (None, {"fields": ("role", "rank", "name", "description")}),
        (_("Application conditions"), {"fields": ("min_study_hours", "min_experience_months")}),
        (_("Evaluation"), {"fields": ("exam", "exam_pass_mark", "needs_review")}),
    )
    # What a learner's exam result for the level is computed from.
    SCORED_BY = ("exam", "exam_pass_mark")

    def has_add_permission(self, request):
        return may_steward(request)

    def has_delete_permission(self, request, obj=None):
        # Levels someone applied for or holds are protected by the database.
        return may_steward(request)

    def get_readonly_fields(self, request, obj=None):
        # The rules are checked against the role's framework: the role stays.
        return ("role",) if obj else ()

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # The exam comes with its blueprint, once the level is saved and its rules can be added.
        return [
            (title, {"fields": [name for name in options["fields"] if name != "exam"]})
            for title, options in self.fieldsets
        ]

    def get_inlines(self, request, obj):
        # Rules come once the level is saved, when its role (and framework) is fixed.
        if obj is None:
            return ()
        return (CompetencyRuleInline, CourseRuleInline, ExamUnitInline, EquivalenceInline)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "exam" in form.base_fields and not request.user.is_superuser:
            # An exam of a course the steward teaches, or the one already chosen.
            exams = assessments.Assessment.objects.filter(
                course__in=courses.taught_courses(request.user)
            )
            if obj is not None and obj.exam_id:
                exams = exams | assessments.Assessment.objects.filter(pk=obj.exam_id)
            form.base_fields["exam"].queryset = exams
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["queryset"] = stewarded_roles(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        units_changed = any(
            formset.new_objects or formset.changed_objects or formset.deleted_objects
            for formset in formsets
            if formset.model is ExamUnit
        )
        if units_changed or set(self.SCORED_BY) & set(form.changed_data):
            # Learners' results for this level were computed from the old exam or blueprint.
            evidence.level_exam_rescore(level=form.instance)
