"""Question banks: versioned questions, checked by kind through the services, and regrades."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from assessments import services
from assessments.admin.base import TaughtCourseAdmin
from assessments.models import (
    CHOICE_KINDS,
    Question,
    QuestionVersion,
)
from competencies.api import Competency, ProficiencyLevel


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
        # Searched, not a select box of every competency.
        widget=AutocompleteSelect(QuestionVersion._meta.get_field("competency"), admin.site),
    )
    # A rank of the competency's own scale: the list holds the ranks in use, not every level of
    # every framework.
    level = forms.TypedChoiceField(
        label=_("At level"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("On the scale of the competency's framework."),
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
        self.fields["level"].choices = [("", "---------"), *_rank_choices()]
        version = self.instance.current_version if self.instance.pk else None
        if version is not None:
            for name in (
                "prompt",
                "points",
                "explanation",
                "competency",
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
            self.initial["level"] = version.level.rank if version.level else None
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
            "level": self._level(cleaned.get("competency"), cleaned.get("level")),
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

    def _level(self, competency, rank: int | None):
        """The level of that rank on the competency's scale (the services check the pair)."""
        if competency is None or rank is None:
            return None
        level = competency.framework.levels.filter(rank=rank).first()
        if level is None:
            self.add_error("level", _("The competency's scale has no level of this rank."))
        return level

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


def _rank_choices() -> list[tuple[int, str]]:
    """Each rank of the published scales, with the names it has there (one query)."""
    names: dict[int, list[str]] = {}
    for rank, name in (
        ProficiencyLevel.objects.filter(framework__status="published")
        .order_by("rank", "name")
        .values_list("rank", "name")
        .distinct()
    ):
        names.setdefault(rank, []).append(name)
    return [(rank, f"{rank} · {' / '.join(found)}") for rank, found in names.items()]


@admin.register(Question)
class QuestionAdmin(TaughtCourseAdmin):
    form = QuestionForm
    list_display = ("title", "course", "kind", "version_number")
    list_filter = ("kind", ("course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "current_version__prompt", "course__title")
    list_select_related = ("course", "current_version")
    autocomplete_fields = ("course",)  # searched, not a select box of every course
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
