from django import template

from competencies import api as competencies
from core import language_tags
from core.language_tags import language_direction
from core.markdown import render_markdown
from core.reversing import reverse_last

register = template.Library()


@register.filter
def markdown(text: str):
    """Render instructor Markdown as sanitized HTML."""
    return render_markdown(text)


@register.filter
def text_direction(language_tag: str) -> str:
    """`rtl` or `ltr` for content in this language (any BCP 47 tag), whatever the interface
    language is: the direction CLDR gives the tag's script."""
    return language_direction(language_tag or "")


@register.filter
def language_name(language_tag: str) -> str:
    """The content language's name in the viewer's language: `kk` is “Kazakh” in English."""
    return language_tags.language_name(language_tag or "")


@register.filter
def language_autonym(language_tag: str) -> str:
    """The content language's name in itself: `kk` is “қазақ тілі”."""
    return language_tags.language_autonym(language_tag or "")


# URLs of the rows of long lists (a framework's tree, a role's courses): see core.reversing.


@register.filter
def course_url(slug: str) -> str:
    """`{{ course.slug|course_url }}`: the course's page."""
    return reverse_last("courses:detail", slug)


@register.filter
def competency_url(competency_uuid) -> str:
    """`{{ competency.uuid|competency_url }}`: the competency's page."""
    return reverse_last("courses:competency", competency_uuid)


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
