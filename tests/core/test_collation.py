"""Country lists in the reader's alphabetical order (ICU collation), not English order."""

import pytest
from django.utils import translation

from core.collation import country_choices, sort_key, sorted_by

# Each expected order differs from the English one ("Brazil, China, Egypt, Germany, Japan...").
EXPECTED = {
    # Germany (Германия) before China (Китай), France (Франция) and Japan (Япония).
    "ru": ["AU", "BR", "DE", "EG", "KZ", "CN", "FR", "JP"],
    # By pinyin: Egypt āijí, Australia àodàlìyà, Brazil bāxī, Germany déguó, France fǎguó,
    # Kazakhstan hāsàkèsītǎn, Japan rìběn, China zhōngguó.
    "zh-hans": ["EG", "AU", "BR", "DE", "FR", "KZ", "JP", "CN"],
    # The article al- and the forms of alef count as one letter: Jordan (al-urdun) before
    # Brazil (al-barazil), Germany (almaniya) among the al- names, Egypt (misr) last.
    "ar": ["AU", "JO", "BR", "CN", "DE", "JP", "KZ", "EG"],
    # C < Ç, I (dotless) < İ, O < Ö, S < Ş, U < Ü: each its own letter (Irak < İran).
    "tr": ["DZ", "TD", "CN", "IQ", "IR", "UZ", "RS", "CL", "UG", "JO"],
    # Đ is its own letter after D; Â after A; tone marks only break ties.
    "vi": ["EG", "IN", "BR", "DE", "JP", "AU"],
}


@pytest.mark.parametrize("language", EXPECTED)
def test_country_names_follow_the_languages_alphabet(language):
    codes = EXPECTED[language]
    with translation.override(language):
        shuffled = sorted(codes)
        assert [code for code, _name in country_choices(shuffled)] == codes
        full_order = [code for code, _name in country_choices()]
    assert [code for code in full_order if code in codes] == codes


def test_every_country_is_listed_once_with_its_translated_name():
    with translation.override("ru"):
        choices = country_choices()
    assert len(choices) == len({code for code, _name in choices}) > 240
    assert ("DE", "Германия") in choices
    assert all(name == name.strip() for _code, name in choices)


def test_an_unknown_code_is_shown_as_itself():
    with translation.override("fr"):
        assert country_choices(["XK", "FR"]) == [("FR", "France"), ("XK", "XK")]


def test_turkish_and_english_order_the_same_words_differently():
    words = ["ılık", "ıslak", "iç", "ince"]
    assert sorted_by(words, key=str, language="tr") == ["ılık", "ıslak", "iç", "ince"]
    # Elsewhere the dotless i is a letter after the dotted one, not before it.
    assert sorted_by(words, key=str, language="en") == ["iç", "ince", "ılık", "ıslak"]


def test_the_key_follows_the_active_language():
    with translation.override("tr"):
        turkish = sort_key()
    with translation.override("en"):
        english = sort_key()
    assert turkish("ç") > turkish("cz")
    assert english("ç") < english("cz")
