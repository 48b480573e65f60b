from django import template
from django.utils import translation

from courses.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render instructor Markdown as sanitized HTML."""
    return render_markdown(text)


@register.filter
def text_direction(language_code: str) -> str:
    """`rtl` or `ltr` for content in this language, whatever the interface language is."""
    return "rtl" if translation.get_language_info(language_code)["bidi"] else "ltr"
