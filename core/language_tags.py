"""Content language tags: the language a course, framework or role is written in.

Any BCP 47 tag registered with IANA, independent of the interface languages (settings.LANGUAGES):
a course may be in Kazakh (`kk`), Thai (`th`) or Brazilian Portuguese (`pt-BR`) whatever languages
the site's own text is translated into. Tags are stored in their canonical form (`pt-br` is
`pt-BR`, `zh-hans` is `zh-Hans`, the deprecated `iw` is `he`).

- langcodes checks a tag against the IANA Language Subtag Registry, canonicalizes it, fills in
  its likely script (CLDR likely subtags) and names it in any language (CLDR names, through its
  language_data package).
- Babel's CLDR locale data gives a script's writing direction: Arabic, Hebrew, Thaana, Syriac,
  N'Ko, Adlam and Hanifi Rohingya are right-to-left, so are Persian, Urdu, Pashto, Sindhi or
  Kurdish (Sorani) written in them; Kazakh (Cyrillic) is left-to-right, Kazakh in Arabic script
  (`kk-Arab`) right-to-left. A script with no CLDR locale (a historic one) counts as left-to-right.
"""

from functools import cache, lru_cache

import langcodes
from babel import Locale, localedata
from babel.core import get_global
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# RFC 5646 §4.4.1: 35 characters hold any tag made of a language, extended language, script,
# region and variant; longer tags (extensions) are refused rather than truncated.
MAX_LENGTH = 35
# Tags that name no language a person could read the content in.
NOT_A_LANGUAGE = {"und", "zxx"}

INVALID = _(
    "“%(value)s” is not a valid language tag. Use a BCP 47 tag such as en, pt-BR, kk or zh-Hans."
)
NO_LANGUAGE = _("“%(value)s” does not name a language. Use a tag such as en, pt-BR, kk or zh-Hans.")


def language_tag_canonical(value: str) -> str:
    """The canonical form of a BCP 47 tag (`pt-br` → `pt-BR`, `zh-hans` → `zh-Hans`), or
    ValidationError with a message saying what a tag looks like."""
    tag = (value or "").strip().replace("_", "-")
    try:
        if not tag or len(tag) > MAX_LENGTH or not langcodes.tag_is_valid(tag):
            raise ValidationError(INVALID, code="invalid", params={"value": value})
        canonical = langcodes.standardize_tag(tag)
    except langcodes.LanguageTagError as error:
        raise ValidationError(INVALID, code="invalid", params={"value": value}) from error
    language = langcodes.Language.get(canonical).language or "und"
    if language in NOT_A_LANGUAGE or language.startswith("x-") or "qaa" <= language <= "qtz":
        raise ValidationError(NO_LANGUAGE, code="not_a_language", params={"value": value})
    return canonical


def validate_language_tag(value: str) -> None:
    language_tag_canonical(value)


def base_language(tag: str) -> str:
    """The language subtag: `pt` for `pt-BR`, `zh` for `zh-Hans`, `` for nonsense."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def language_match(content: str, viewer: str) -> int:
    """How well content in language `content` suits a viewer reading `viewer` (an interface code
    such as `pt-br`): 2 the same tag, 1 the same base language (`pt` or `pt-PT` for `pt-br`),
    0 another language. Case-insensitive, as tags are."""
    if content.lower() == viewer.lower().replace("_", "-"):
        return 2
    return 1 if base_language(content) == base_language(viewer) else 0


@lru_cache(maxsize=2048)
def language_direction(tag: str) -> str:
    """`rtl` or `ltr`: the direction of the tag's script (written or likely), from CLDR."""
    if not tag:
        return "ltr"
    try:
        script = langcodes.Language.get(tag).maximize().script
    except (langcodes.LanguageTagError, ValueError):
        return "ltr"
    return _script_direction(script) if script else "ltr"


@cache
def _script_direction(script: str) -> str:
    """The direction of a CLDR locale written in `script`: one named with it (`pa_Arab`), else
    a language whose likely script it is (`he` → `he_Hebr_IL`)."""
    for identifier in localedata.locale_identifiers():
        if identifier.split("_")[1:2] == [script]:
            return Locale.parse(identifier).text_direction
    for language, likely in get_global("likely_subtags").items():
        if likely.split("_")[1:2] == [script] and localedata.exists(language):
            return Locale.parse(language).text_direction
    return "ltr"


def _interface_tag(language: str | None) -> str:
    return (language or get_language() or settings.LANGUAGE_CODE).replace("_", "-")


@lru_cache(maxsize=4096)
def _display_name(tag: str, viewer: str) -> str:
    try:
        return langcodes.Language.get(tag).display_name(viewer)
    except (langcodes.LanguageTagError, ValueError):
        return tag


def language_name(tag: str, language: str | None = None) -> str:
    """The name of the language `tag` in `language` (default: the viewer's interface language):
    `kk` is “Kazakh” in English, “哈萨克语” in Chinese."""
    return _display_name(tag, _interface_tag(language))


@lru_cache(maxsize=2048)
def language_autonym(tag: str) -> str:
    """The language's name in itself: `kk` is “қазақ тілі”, `pt-BR` “português (Brasil)”."""
    try:
        return langcodes.Language.get(tag).autonym()
    except (langcodes.LanguageTagError, ValueError):
        return tag


@cache
def known_language_tags() -> tuple[str, ...]:
    """The languages CLDR has locale data for, as canonical tags without a region (`kk`,
    `sr-Latn`, `zh-Hant`), plus the interface languages (`pt-BR`): what the admin suggests.
    Any other registered tag may still be typed."""
    tags = {
        langcodes.standardize_tag(identifier.replace("_", "-"))
        for identifier in localedata.locale_identifiers()
        if not any(part.isupper() or part.isdigit() for part in identifier.split("_")[1:])
        and identifier != "root"
    }
    tags.update(language_tag_canonical(code) for code, _name in settings.LANGUAGES)
    return tuple(sorted(tags))


def language_choices(tags, language: str | None = None) -> list[tuple[str, str]]:
    """(tag, “name in the viewer's language”) for these tags, sorted by name."""
    viewer = _interface_tag(language)
    named = [(tag, _display_name(tag, viewer)) for tag in tags]
    return sorted(named, key=lambda choice: (choice[1].casefold(), choice[0]))


# Forms and models ------------------------------------------------------------------------------


class LanguageTagInput(forms.TextInput):
    """A text input suggesting the known languages (a <datalist>: each tag with its own name and
    the name in the viewer's language) and showing the current tag's own name beside it."""

    class Media:
        css = {"all": ["css/content-languages.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-languages"
        attrs.update(list=list_id, autocomplete="off", spellcheck="false", size=12)
        viewer = _interface_tag(None)
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            (
                (tag, _label(tag, viewer))
                for tag in known_language_tags()  # datalists filter on value and label
            ),
        )
        own_name = ""
        if value:
            try:
                tag = language_tag_canonical(str(value))
            except ValidationError:
                tag = ""
            if tag:
                own_name = format_html(
                    ' <span class="language-tag-name" lang="{}" dir="{}">{}</span>',
                    tag,
                    language_direction(tag),
                    language_autonym(tag),
                )
        return format_html(
            '{}{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            own_name,
            list_id,
            options,
        )


@lru_cache(maxsize=8192)
def _label(tag: str, viewer: str) -> str:
    own, translated = language_autonym(tag), _display_name(tag, viewer)
    return own if own == translated else f"{own} — {translated}"


class LanguageTagFormField(forms.CharField):
    """A BCP 47 tag typed in a form, cleaned to its canonical form."""

    widget = LanguageTagInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return language_tag_canonical(value)


class LanguageTagField(models.CharField):
    """A content language: any BCP 47 tag, stored in canonical form whatever path saves it."""

    description = _("Language tag (BCP 47)")
    default_validators = [validate_language_tag]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return language_tag_canonical(value) if value else value
        except ValidationError:
            return value  # the validator reports it

    def get_prep_value(self, value):
        # Lookups and saves alike: `filter(language="pt-br")` finds the stored `pt-BR`.
        return self.to_python(super().get_prep_value(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LanguageTagFormField, **kwargs})
