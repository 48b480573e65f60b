"""Content languages in the admin: each tag shown with the language's own name."""

from django.contrib import admin
from django.utils.html import format_html

from core.language_tags import (
    LanguageTagField,
    LanguageTagInput,
    language_autonym,
    language_direction,
)

# For a ModelAdmin's `formfield_overrides`: the admin gives every CharField its plain text input,
# a language tag keeps its list of languages.
LANGUAGE_TAG_INPUT = {LanguageTagField: {"widget": LanguageTagInput(attrs={"class": "vTextField"})}}


def language_label(tag: str) -> str:
    """`<span lang="kk">қазақ тілі</span> (kk)`: for list columns."""
    if not tag:
        return ""
    return format_html(
        '<span lang="{}" dir="{}">{}</span> ({})',
        tag,
        language_direction(tag),
        language_autonym(tag),
        tag,
    )


class LanguageTagListFilter(admin.AllValuesFieldListFilter):
    """Filter by the content languages present, each with its own name: “қазақ тілі · kk”."""

    def choices(self, changelist):
        tags = iter([str(value) for value in self.lookup_choices if value is not None])
        for number, choice in enumerate(super().choices(changelist)):
            tag = next(tags, None) if number else None  # the first choice is "All"
            if tag is not None:
                choice = {**choice, "display": f"{language_autonym(tag)} · {choice['display']}"}
            yield choice
