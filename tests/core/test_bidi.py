"""Isolating user content from interface text: the plain-text helpers and the template filters."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.bidi import FSI, PDI, first_strong_direction, isolate, isolate_all, strip_isolates


def render(source: str, **context) -> str:
    return Template("{% load bidi %}" + source).render(Context(context))


def test_isolate_wraps_content_in_first_strong_isolate_and_pop():
    assert isolate("Incoterms 2020") == f"{FSI}Incoterms 2020{PDI}"
    assert isolate("") == ""  # no invisible characters around nothing
    assert isolate_all(["أساسيات", "Basics"]) == f"{FSI}أساسيات{PDI}, {FSI}Basics{PDI}"
    assert strip_isolates(isolate_all(["a", "b"])) == "a, b"


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Amina Haddad", "ltr"),
        ("محمد الأحمد", "rtl"),
        ("2020 Incoterms", "ltr"),  # digits are weak: the first letter decides
        ("30 نوفمبر 2026", "rtl"),
        ("2026-11-30", "ltr"),  # no letter at all: the default
        (f"{isolate('CC.3')} التخليص الجمركي", "rtl"),  # an isolated code does not decide
    ],
)
def test_first_strong_direction_is_what_dir_auto_would_choose(text, direction):
    assert first_strong_direction(text) == direction


def test_no_letter_takes_the_given_default():
    assert first_strong_direction("30/11/2026", default="rtl") == "rtl"


def test_bdi_isolates_and_escapes_content_inside_a_translated_sentence():
    assert render("{{ title|bdi }}", title="Q&A <b>") == "<bdi>Q&amp;A &lt;b&gt;</bdi>"


def test_a_percentage_is_one_left_to_right_unit_with_the_locales_decimals():
    with translation.override("fr"):
        assert (
            render("{{ value|percent }}", value=Decimal("33.33"))
            == '<bdi class="unit" dir="ltr">33,33%</bdi>'
        )
    with translation.override("ar"):  # CLDR's Arabic decimal point (config/formats/ar)
        assert (
            render("{{ value|percent }}", value=Decimal("33.33"))
            == '<bdi class="unit" dir="ltr">33.33%</bdi>'
        )
    assert render('{{ value|floatformat:"-1"|percent }}', value=Decimal("70.0")) == (
        '<bdi class="unit" dir="ltr">70%</bdi>'
    )


def test_interface_text_inside_content_carries_the_interface_language_and_direction():
    with translation.override("ar"):
        assert render("<span {% ui_lang %}>") == '<span lang="ar" dir="rtl">'
    with translation.override("zh-hans"):
        assert render("<span {% ui_lang %}>") == '<span lang="zh-hans" dir="ltr">'


def test_plain_text_isolates_survive_autoescape_off():
    assert render("{% autoescape off %}{{ name|isolate }}{% endautoescape %}", name="A&B") == (
        f"{FSI}A&B{PDI}"
    )
