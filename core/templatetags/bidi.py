"""Isolating user content from interface text in templates (see core.bidi).

HTML: `{% blocktranslate with title=course.title|bdi %}completed “{{ title }}”…`, a percentage
`{% blocktranslate with mark=assessment.pass_mark|percent %}pass mark {{ mark }}…`, interface
text inside an element in the content's language `<span class="meta" {% ui_lang %}>…</span>`.
Plain text (emails, subjects, <title>, attributes): `with name=user.full_name|isolate`.
"""

from django import template
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html

from core import bidi as bidi_text

register = template.Library()


@register.filter(is_safe=True)
def isolate(value):
    """Plain text (emails, subjects, attributes, <title>): the value between Unicode isolates."""
    return bidi_text.isolate(value)


@register.filter(needs_autoescape=True)
def bdi(value, autoescape=True):
    """HTML: the value in a <bdi>, which takes its direction from its own first letter."""
    text = conditional_escape(value) if autoescape else value
    return format_html("<bdi>{}</bdi>", text)


def _number(value) -> str:
    return value if isinstance(value, str) else formats.localize(value, use_l10n=True)


@register.filter
def percent(value):
    """`70%` kept together and left to right in any sentence: in right-to-left text the sign
    stays after the number. Takes a number or an already formatted one (`|floatformat`)."""
    return format_html('<bdi class="unit" dir="ltr">{}%</bdi>', _number(value))


@register.filter
def ltr_unit(value):
    """A number with its unit, a score such as `1,00 / 2,00` or a code: one left-to-right
    unit."""
    return format_html('<bdi class="unit" dir="ltr">{}</bdi>', _number(value))


@register.simple_tag
def ui_lang():
    """`lang` and `dir` of the interface language, for interface text (labels, counts) placed
    inside an element that carries the content's own language and direction."""
    language = translation.get_language() or "en"
    direction = "rtl" if translation.get_language_bidi() else "ltr"
    return format_html('lang="{}" dir="{}"', language, direction)
