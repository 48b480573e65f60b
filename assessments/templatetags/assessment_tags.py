from django import template

from assessments import selectors

register = template.Library()


@register.inclusion_tag("assessments/includes/course_assessments.html", takes_context=True)
def course_assessments(context, course):
    """The course's assessments, on its course page."""
    return {"course": course, "assessments": selectors.course_assessments(course)}
