"""What levels adds to the pages of courses (registered in `apps.py` through
`courses.api.register_role_section` / `register_goal_section`): a role's ladder on its page, with
the signed-in learner's path up it, and the learner's progress on their goal's ladder on My
learning.

The role page is kept whole for anonymous visitors (core.page_cache, the standards' namespace,
which every change of a ladder bumps): their section shows the ladder only. A signed-in learner
is never served that page; their section is kept per learner in a fragment retired by every
write of their levels, grades and certificates (`accounts.api.learner_pages`, bumped by
`learner_lock`, which every awards service takes, and by levels.cached_pages).
"""

from django.template.loader import render_to_string

from core import page_cache
from courses import api as courses
from levels.path import ladder, ladder_paths


def role_ladder(request, role) -> str:
    """The ladder section of a role's page ("" when the role has no levels)."""
    user = request.user
    if not user.is_authenticated:
        return _render_ladder(request, role, None)
    key = courses.learner_fragment(request, f"levels {role.slug}")
    return page_cache.kept(key, lambda: _render_ladder(request, role, user))


def _render_ladder(request, role, user) -> str:
    levels = ladder(role)
    if not levels:
        return ""
    paths = ladder_paths(role, user, levels=levels)
    return render_to_string(
        "levels/includes/role_ladder.html",
        {
            "role": role,
            "paths": paths,
            "signed_in": user is not None,
            "needs_experience": any(level.min_experience_months for level in levels),
        },
        request=request,
    )


def goal_progress(request, role) -> str:
    """One line on My learning: where the learner stands on each level of their goal's ladder
    (inside the dashboard's kept fragment, so nothing is kept here)."""
    levels = ladder(role)
    if not levels:
        return ""
    paths = ladder_paths(role, request.user, levels=levels, next_steps=False)
    return render_to_string(
        "levels/includes/goal_progress.html",
        {"role": role, "rows": [(path, sum(1 for c in path.checks if c.met)) for path in paths]},
        request=request,
    )
