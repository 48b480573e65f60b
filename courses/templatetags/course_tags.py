from django import template
from django.utils import translation

from competencies import api as competencies
from core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render instructor Markdown as sanitized HTML."""
    return render_markdown(text)


@register.filter
def text_direction(language_code: str) -> str:
    """`rtl` or `ltr` for content in this language, whatever the interface language is."""
    return "rtl" if translation.get_language_info(language_code)["bidi"] else "ltr"


@register.inclusion_tag("courses/includes/goal_form.html", takes_context=True)
def goal_form(context):
    """The target-role chooser, shown on the learner's profile."""
    request = context["request"]
    return {
        "roles": list(competencies.published_roles()),
        "goal": competencies.learner_goal(request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
