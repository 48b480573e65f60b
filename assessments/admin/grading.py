"""Attempts (records of fact, read-only) and the queue of written answers to grade."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments import services
from assessments.admin.base import TaughtCourseAdmin
from assessments.models import (
    Attempt,
    QuestionKind,
    ResponseToGrade,
)
from core.admin_scope import ReadOnlyRecords
from core.markdown import render_markdown


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyRecords, TaughtCourseAdmin):
    course_path = "assessment__course__"
    list_display = ("assessment", "user", "number", "status", "percent", "passed", "submitted_at")
    list_filter = ("status", ("assessment__course", admin.RelatedOnlyFieldListFilter))
    search_fields = (
        "user__email",
        "user__full_name",
        "assessment__title",
        "assessment__course__title",
    )
    list_select_related = ("assessment", "user")


class GradeForm(forms.ModelForm):
    points = forms.DecimalField(label=_("Points"), min_value=0, max_digits=6, decimal_places=2)
    feedback = forms.CharField(
        label=_("Feedback to the learner"), widget=forms.Textarea, required=False
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ResponseToGrade
        fields = ()

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points > self.instance.max_points:
            raise ValidationError(
                _("Give between 0 and %(max)s points.") % {"max": self.instance.max_points}
            )
        return points

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen_version", self.instance.version)
        self.initial.setdefault("points", self.instance.score)
        self.initial.setdefault("feedback", self.instance.feedback)


@admin.register(ResponseToGrade)
class GradingQueueAdmin(TaughtCourseAdmin):
    course_path = "item__attempt__assessment__course__"
    form = GradeForm
    list_display = ("learner", "assessment", "question", "submitted")
    list_filter = (
        ("item__attempt__assessment__course", admin.RelatedOnlyFieldListFilter),
        ("item__attempt__assessment", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "item__attempt__user__email",
        "item__attempt__assessment__title",
        "item__attempt__assessment__course__title",
    )
    list_select_related = (
        "item__attempt__user",
        "item__attempt__assessment",
        "item__question_version__question",
    )
    fields = (
        "learner",
        "question_prompt",
        "rubric",
        "learner_answer",
        "max_points",
        "points",
        "feedback",
        "seen_version",
    )
    readonly_fields = ("learner", "question_prompt", "rubric", "learner_answer", "max_points")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(
                item__question_version__question__kind=QuestionKind.ESSAY,
                item__attempt__status__in=["needs_grading", "submitted"],
            )
            .exclude(answer=None)
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("learner"))
    def learner(self, response):
        return response.item.attempt.user.full_name

    @admin.display(description=_("assessment"))
    def assessment(self, response):
        return response.item.attempt.assessment.title

    @admin.display(description=_("question"))
    def question(self, response):
        return response.item.question_version.question.title

    @admin.display(description=_("graded"), boolean=True)
    def submitted(self, response):
        return response.score is not None

    @admin.display(description=_("question"))
    def question_prompt(self, response):
        return render_markdown(response.item.question_version.prompt)

    @admin.display(description=_("rubric"))
    def rubric(self, response):
        return render_markdown(response.item.question_version.rubric)

    @admin.display(description=_("answer"))
    def learner_answer(self, response):
        return format_html('<div style="white-space: pre-wrap">{}</div>', response.answer or "")

    def save_model(self, request, obj, form, change):
        try:
            services.response_grade(
                response=obj,
                points=form.cleaned_data["points"],
                feedback=form.cleaned_data["feedback"],
                expected_version=form.cleaned_data["seen_version"],
                grader=request.user,
            )
        except services.GradingConflict as error:
            request.grading_conflict = True
            self.message_user(request, str(error), messages.ERROR)

    def response_change(self, request, obj):
        if getattr(request, "grading_conflict", False):
            return redirect(request.path)  # back to the form, showing the other grade
        return super().response_change(request, obj)
