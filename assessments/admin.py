"""Authoring question banks and assessments, grading written answers, regrading, grade exports.

Instructors see only the courses they teach; superusers see all. Attempts and results are records
of fact: read-only here, changed only by grading and regrading.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments import services
from assessments.models import (
    CHOICE_KINDS,
    Assessment,
    Attempt,
    ExportStatus,
    GradeExport,
    Question,
    QuestionKind,
    QuestionVersion,
    ResponseToGrade,
)
from competencies.api import Competency, ProficiencyLevel
from core.admin_scope import ReadOnlyRecords, taught
from core.enqueue import enqueue_on_commit
from core.markdown import render_markdown
from courses import api as courses


class TaughtCourseAdmin(courses.TaughtCourseAdmin):
    """Rows of the courses the instructor teaches; course, module, lesson, required-lesson and
    question choices likewise."""

    course_path = "course__"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "required_lessons":
            kwargs["queryset"] = courses.taught_lessons(request.user)
        if db_field.name == "questions":
            kwargs["queryset"] = taught(request.user, Question.objects.all(), "course__")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# Questions -----------------------------------------------------------------------------------


class QuestionForm(forms.ModelForm):
    """The question and its current content. Choices are typed one per line, `*` marking a
    correct one:  `* FOB` / `- EXW`."""

    prompt = forms.CharField(label=_("Prompt"), widget=forms.Textarea, help_text=_("Markdown."))
    points = forms.DecimalField(label=_("Points"), min_value=0.01, max_digits=6, decimal_places=2)
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown after submission when the assessment's feedback policy allows."),
    )
    competency = forms.ModelChoiceField(
        label=_("Competency evidenced"),
        queryset=Competency.objects.filter(framework__status="published").select_related(
            "framework"
        ),
        required=False,
    )
    level = forms.ModelChoiceField(
        label=_("At level"),
        queryset=ProficiencyLevel.objects.filter(framework__status="published").select_related(
            "framework"
        ),
        required=False,
    )
    choices_text = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One per line; start correct ones with * and others with -."),
    )
    partial_credit = forms.BooleanField(label=_("Partial credit (multiple choice)"), required=False)
    answer = forms.DecimalField(
        label=_("Numeric answer"), required=False, max_digits=18, decimal_places=6
    )
    tolerance = forms.DecimalField(
        label=_("Tolerance"), required=False, max_digits=18, decimal_places=6
    )
    tolerance_mode = forms.ChoiceField(
        label=_("Tolerance is"), choices=QuestionVersion._meta.get_field("tolerance_mode").choices
    )
    accepted_text = forms.CharField(
        label=_("Accepted answers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Short text: one per line; case and spaces are ignored."),
    )
    rubric = forms.CharField(
        label=_("Rubric"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Essay: what earns full, partial and no points."),
    )

    class Meta:
        model = Question
        fields = ("course", "kind", "title")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = self.instance.current_version if self.instance.pk else None
        if version is not None:
            for name in (
                "prompt",
                "points",
                "explanation",
                "competency",
                "level",
                "partial_credit",
                "answer",
                "tolerance",
                "tolerance_mode",
                "rubric",
            ):
                self.initial[name] = getattr(version, name)
            self.initial["choices_text"] = "\n".join(
                f"{'*' if choice.get('correct') else '-'} {choice['text']}"
                for choice in version.choices
            )
            self.initial["accepted_text"] = "\n".join(version.accepted_answers)
            self.fields["kind"].disabled = True  # a new kind is a new question

    # The content fields the services name differently from this form's fields.
    FORM_FIELDS = {"choices": "choices_text", "accepted_answers": "accepted_text"}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        choices = self._choices(cleaned.get("choices_text", ""))
        accepted = [
            line.strip() for line in cleaned.get("accepted_text", "").splitlines() if line.strip()
        ]
        content = {
            "prompt": cleaned.get("prompt", ""),
            "points": cleaned.get("points"),
            "explanation": cleaned.get("explanation", ""),
            "competency": cleaned.get("competency"),
            "level": cleaned.get("level"),
            "choices": choices if kind in CHOICE_KINDS else [],
            "partial_credit": cleaned.get("partial_credit", False),
            "answer": cleaned.get("answer"),
            "tolerance": cleaned.get("tolerance"),
            "tolerance_mode": cleaned.get("tolerance_mode"),
            "accepted_answers": accepted,
            "rubric": cleaned.get("rubric", ""),
        }
        # The rules are the service's (question_save applies them again on save).
        errors = services.question_content_errors(kind=kind, content=content)
        for field, field_errors in errors.items():
            for message in field_errors:
                self.add_error(self.FORM_FIELDS.get(field, field), message)
        cleaned["content"] = content
        return cleaned

    def _choices(self, text: str) -> list[dict]:
        """Parse the lines, keeping each choice's key across edits so a regrade can match old
        answers: a line with an unchanged text keeps its key; an edited line (a typo fix) takes
        the key of the old line it replaced, in order; only extra lines get new keys."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        parsed = [(line.startswith("*"), line.lstrip("*-").strip()) for line in lines]
        old = []
        if self.instance.pk and self.instance.current_version:
            old = list(self.instance.current_version.choices)
        by_text = {choice["text"]: choice["key"] for choice in old}
        kept = {by_text[label] for _correct, label in parsed if label in by_text}
        spare = [choice["key"] for choice in old if choice["key"] not in kept]
        used = set(kept) | set(spare)
        choices = []
        for correct, label in parsed:
            key = by_text.get(label) or (spare.pop(0) if spare else None)
            if key is None:
                key = next(f"c{n}" for n in range(1, len(used) + 2) if f"c{n}" not in used)
                used.add(key)
            choices.append({"key": key, "text": label, "correct": correct})
        return choices


@admin.register(Question)
class QuestionAdmin(TaughtCourseAdmin):
    form = QuestionForm
    list_display = ("title", "course", "kind", "version_number")
    list_filter = ("kind", ("course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "current_version__prompt")
    list_select_related = ("course", "current_version")
    actions = ("regrade",)
    fieldsets = (
        (None, {"fields": ("course", "kind", "title", "prompt", "points", "explanation")}),
        (_("Competency"), {"fields": ("competency", "level")}),
        (
            _("Key"),
            {
                "fields": (
                    "choices_text",
                    "partial_credit",
                    "answer",
                    "tolerance",
                    "tolerance_mode",
                    "accepted_text",
                    "rubric",
                )
            },
        ),
    )

    @admin.display(description=_("version"))
    def version_number(self, question):
        return question.current_version.number if question.current_version else "—"

    def save_model(self, request, obj, form, change):
        services.question_save(question=obj, content=form.cleaned_data["content"])

    @admin.action(
        description=_("Regrade submitted answers with the current key"), permissions=["change"]
    )
    def regrade(self, request, queryset):
        for question in queryset:
            services.question_regrade_request(question=question)
        self.message_user(
            request, _("Regrading is queued; grades update in a moment."), messages.SUCCESS
        )


class AssessmentForm(forms.ModelForm):
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
    filter_horizontal = ("questions", "required_lessons")
    readonly_fields = ("uuid",)
    form = AssessmentForm

    def save_model(self, request, obj, form, change):
        # Stored grades follow changed grading rules: the service decides and queues the work.
        services.assessment_save(assessment=obj)


# Attempts and grading ------------------------------------------------------------------------


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyRecords, TaughtCourseAdmin):
    course_path = "assessment__course__"
    list_display = ("assessment", "user", "number", "status", "percent", "passed", "submitted_at")
    list_filter = ("status", ("assessment__course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__email", "user__full_name", "assessment__title")
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


# Grade exports -------------------------------------------------------------------------------


@admin.register(GradeExport)
class GradeExportAdmin(TaughtCourseAdmin):
    list_display = ("course", "created_at", "status", "rows", "download")
    list_filter = ("status",)
    fields = ("course",)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.requested_by = request.user
        super().save_model(request, obj, form, change)
        enqueue_on_commit("assessments.tasks.build_grade_export", obj.pk)
        self.message_user(
            request, _("The export is being built; refresh this list to download it.")
        )

    @admin.display(description=_("file"))
    def download(self, export):
        if export.status != ExportStatus.READY:
            return "—"
        url = reverse("admin:assessments_gradeexport_download", args=[export.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download CSV"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:pk>/download/", view, name="assessments_gradeexport_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        export = get_object_or_404(self.get_queryset(request), pk=pk, status=ExportStatus.READY)
        if not self.has_view_permission(request, export):
            raise Http404
        return FileResponse(
            export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1]
        )
