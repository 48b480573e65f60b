"""Sections a higher app adds to a target role's page and to the learner's goal on *My
learning* (levels shows a role's ladder and the learner's path up it), so that courses never
imports them: the higher app registers a builder in its AppConfig.ready.

A builder is `builder(request, role) -> str`: rendered, safe HTML (`render_to_string`), or "" to
add nothing. The role page is kept whole for anonymous visitors (core.page_cache) and My learning
in a fragment kept per learner: a builder shows only what the namespaces of those pages cover
(the published standards and catalog; the learner's own data, `accounts.api.learner_pages`).
"""

from collections.abc import Callable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

Builder = Callable[..., str]

_role_sections: list[Builder] = []
_goal_sections: list[Builder] = []


def register_role_section(builder: Builder) -> None:
    """Add a section to every role's page, after the role's requirements."""
    if builder not in _role_sections:
        _role_sections.append(builder)


def register_goal_section(builder: Builder) -> None:
    """Add a section to the learner's goal on My learning."""
    if builder not in _goal_sections:
        _goal_sections.append(builder)


def role_sections(request, role) -> list[SafeString]:
    return _built(_role_sections, request, role)


def goal_sections(request, role) -> list[SafeString]:
    return _built(_goal_sections, request, role)


def _built(builders: list[Builder], request, role) -> list[SafeString]:
    # Builders return templates' output (safe); any other text is escaped, never trusted.
    return [conditional_escape(html) for builder in builders if (html := builder(request, role))]
