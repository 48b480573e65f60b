"""Public pages of the talent standards: frameworks, competencies, target roles; the learner's
goal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies import api as competencies
from core import page_cache
from core.bidi import isolate
from core.page_cache import cache_anonymous_page
from courses import achievements, competency_map, role_sections
from courses.cached_pages import PUBLIC_PAGES, learner_fragment


def framework_list(request):
    frameworks = competencies.published_frameworks().prefetch_related("roles")
    return render(request, "courses/framework_list.html", {"frameworks": frameworks})


@cache_anonymous_page(PUBLIC_PAGES)
def framework_detail(request, uuid):
    """Its content is the same for every visitor: kept per language (signed-in visitors, who are
    never served the page cache, read it too), its key read before the framework."""
    fragment = page_cache.shared_key(f"framework {uuid} {get_language()}", PUBLIC_PAGES)
    framework = get_object_or_404(
        competencies.published_frameworks().prefetch_related("levels"), uuid=uuid
    )
    levels = list(framework.levels.all())
    return render(
        request,
        "courses/framework_detail.html",
        {
            "framework": framework,
            "levels": levels,
            "rows": SimpleLazyObject(lambda: competency_map.framework_rows(framework, levels)),
            "roles": SimpleLazyObject(lambda: list(framework.roles.all())),
            "fragment": fragment,
        },
    )


def competency_detail(request, uuid):
    competency = competencies.published_competency(uuid, related=("teaching_rollup",))
    if competency is None:
        raise Http404
    levels = list(competency.framework.levels.all())
    return render(
        request,
        "courses/competency_detail.html",
        {
            "page": competency_map.competency_page(competency, levels),
            "framework": competency.framework,
            "levels": levels,
        },
    )


def competency_by_code(request, uuid, code):
    """A competency page's former address, by framework and code: a permanent redirect while
    the code is unique in the framework; 404 once it repeats (a code alone then says nothing)."""
    competency = competencies.published_competency_by_code(framework_uuid=uuid, code=code)
    if competency is None:
        raise Http404
    return redirect("courses:competency", competency.uuid, permanent=True)


@cache_anonymous_page(PUBLIC_PAGES)
def role_detail(request, slug):
    role = get_object_or_404(competencies.published_roles(), slug=slug)
    goal = competencies.learner_goal(request.user) if request.user.is_authenticated else None
    return render(
        request,
        "courses/role_detail.html",
        {
            "role": role,
            "coverage": SimpleLazyObject(
                lambda: competency_map.role_coverage(
                    role, achieved=achievements.achieved_families(user=request.user)
                )
            ),
            "is_goal": goal == role,
            "fragment": learner_fragment(request, f"role {slug}"),
            # The higher apps' sections (levels: the ladder), each kept as its builder decides.
            "sections": role_sections.role_sections(request, role),
        },
    )


@login_required
@require_POST
def goal_set(request):
    """Choose a target role (or none). Used by the profile page and each role's page."""
    slug = request.POST.get("role", "")
    role = competencies.published_roles().filter(slug=slug).first() if slug else None
    if slug and role is None:
        messages.error(request, _("That role is not available."))
    else:
        try:
            competencies.learner_goal_set(user=request.user, role=role)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your goal is now “%(role)s”.") % {"role": isolate(role.name)}
                if role
                else _("You have no goal set."),
            )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "courses:dashboard"
    return redirect(next_url)
