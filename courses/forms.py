from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from competencies import api as competencies
from courses.models import Level

SORT_CHOICES = [("newest", _("Newest")), ("title", _("Title")), ("effort", _("Effort"))]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    competency = forms.ChoiceField(label=_("Competency"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per form (a callable would be read again by the widget).
        self.fields["competency"].choices = [
            ("", _("Any competency")),
            *competencies.competency_choices(),
        ]

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
