"""Content language tags: any registered BCP 47 tag, canonical form, names and direction."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.language_tags import (
    LanguageTagInput,
    language_autonym,
    language_direction,
    language_match,
    language_name,
    language_tag_canonical,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("kk", "kk"),
        ("th", "th"),
        ("de", "de"),
        ("pt-br", "pt-BR"),
        ("PT_BR", "pt-BR"),
        ("zh-hans", "zh-Hans"),
        ("ZH-HANT-tw", "zh-Hant-TW"),
        (" es-419 ", "es-419"),
        ("sr-latn", "sr-Latn"),
        ("iw", "he"),  # deprecated code, replaced by the registry's preferred value
        ("en-Latn-GB", "en-GB"),  # English is written in Latin: the script is implied
    ],
)
def test_a_valid_tag_is_kept_in_canonical_form(typed, stored):
    assert language_tag_canonical(typed) == stored


@pytest.mark.parametrize("typed", ["", "xx", "english", "en--us", "e", "pt-BR-" + "x" * 40])
def test_an_invalid_tag_is_refused_with_a_message_saying_what_a_tag_looks_like(typed):
    with pytest.raises(ValidationError) as caught:
        language_tag_canonical(typed)
    assert caught.value.messages == [
        f"“{typed}” is not a valid language tag. Use a BCP 47 tag such as en, pt-BR, kk or zh-Hans."
    ]


@pytest.mark.parametrize("typed", ["und", "zxx", "x-klingon", "qaa"])
def test_a_tag_that_names_no_language_is_refused(typed):
    with pytest.raises(ValidationError, match="does not name a language"):
        language_tag_canonical(typed)


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("he", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ps", "rtl"),
        ("ckb", "rtl"),
        ("dv", "rtl"),  # Thaana
        ("pa-PK", "rtl"),  # Punjabi in Pakistan is written in Arabic script
        ("kk-Arab", "rtl"),
        ("kk", "ltr"),
        ("th", "ltr"),
        ("zh-Hans", "ltr"),
        ("pa", "ltr"),  # Gurmukhi
        ("ar-Latn", "ltr"),  # Arabic transliterated
        ("", "ltr"),
    ],
)
def test_direction_follows_the_script_of_the_tag(tag, direction):
    assert language_direction(tag) == direction


def test_languages_are_named_in_the_viewers_language_and_in_their_own():
    assert language_name("kk", "en") == "Kazakh"
    assert language_name("kk", "zh-hans") == "哈萨克语"
    assert language_name("pt-BR", "ar") == "البرتغالية (البرازيل)"
    with translation.override("ru"):
        assert language_name("de") == "немецкий"
    assert language_autonym("kk") == "қазақ тілі"
    assert language_autonym("fa") == "فارسی"


def test_the_learners_base_language_matches_a_regional_version():
    assert language_match("pt-BR", "pt-br") == 2
    assert language_match("pt", "pt-br") == 1
    assert language_match("pt-PT", "pt-br") == 1
    assert language_match("zh-Hans", "zh-hans") == 2
    assert language_match("es", "pt-br") == 0


def test_the_input_suggests_languages_with_their_own_names_and_shows_the_current_one():
    with translation.override("en"):
        html = LanguageTagInput().render("language", "kk", {"id": "id_language"})
    assert 'list="id_language-languages"' in html
    assert '<datalist id="id_language-languages">' in html
    assert '<option value="kk">қазақ тілі — Kazakh</option>' in html
    assert '<option value="pt-BR">português (Brasil) — Portuguese (Brazil)</option>' in html
    assert '<span class="language-tag-name" lang="kk" dir="ltr">қазақ тілі</span>' in html
