from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from competencies import api as competencies
from core.language_tags import LanguageTagFormField, language_choices, language_tag_canonical
from core.widgets import RenderedOnceSelect
from courses import selectors
from courses.models import Level

SORT_CHOICES = [("newest", _("Newest")), ("title", _("Title")), ("effort", _("Effort"))]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    # Any language tag (a range: `pt` finds `pt-BR` too); the list offers those of the courses.
    language = LanguageTagFormField(
        label=_("Language"),
        required=False,
        widget=RenderedOnceSelect(kept_as="catalog-language"),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any level")), *Level.choices],
        widget=RenderedOnceSelect(kept_as="catalog-level"),
    )
    competency = forms.ChoiceField(
        label=_("Competency"),
        required=False,
        widget=RenderedOnceSelect(kept_as="catalog-competency"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=SORT_CHOICES,
        widget=RenderedOnceSelect(kept_as="catalog-sort"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per form; worked into choices only to check a value or render a list not
        # rendered before (hundreds of options).
        listed = competencies.competency_choices()
        self.fields["competency"].choices = CallableChoiceIterator(
            lambda: [("", _("Any competency")), *listed.groups]
        )
        self.fields["competency"].widget.version = listed.version
        # Worked out only when the page renders a list not rendered before (the API never).
        self.fields["language"].widget.choices = CallableChoiceIterator(self._language_choices)
        self.fields["language"].widget.version = lambda: tuple(selectors.catalog_languages())

    def _language_choices(self):
        tags = selectors.catalog_languages()
        try:
            chosen = language_tag_canonical(self.data.get("language") or "")
        except ValidationError:
            chosen = ""
        if chosen and chosen not in tags:
            tags = [*tags, chosen]
        return [("", _("Any language")), *language_choices(tags)]

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and shown as an error) rather than
        emptying the catalog."""
        self.is_valid()
        return {
            "query": self.cleaned_data.get("q", "").strip(),
            "language": self.cleaned_data.get("language", ""),
            "level": self.cleaned_data.get("level", ""),
            "competency": self.cleaned_data.get("competency", ""),
            "sort": self.cleaned_data.get("sort") or "newest",
        }
