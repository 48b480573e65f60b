from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from competencies import api as competencies
from core import page_cache
from core.bidi import isolate
from core.errors import Conflict
from core.page_cache import cache_anonymous_page
from courses import achievements, competency_map, role_sections, selectors, services
from courses.cached_pages import PUBLIC_PAGES, learner_data_key, learner_fragment
from courses.forms import CatalogFilterForm
from courses.models import Lesson, LessonAttachment
from courses.pagination import CatalogPagination
from courses.uploads import attachment_response, video_embed_url


@cache_anonymous_page(PUBLIC_PAGES)
def catalog(request):
    """The listing is the same for every visitor at an address: kept (signed-in visitors too,
    who are never served the page cache) and read lazily, so a kept one costs no query."""
    form = CatalogFilterForm(request.GET)
    return render(
        request,
        "courses/catalog.html",
        {
            "form": form,
            "listing": SimpleLazyObject(lambda: _catalog_listing(request, form.filters())),
            "fragment": page_cache.data_key(request, PUBLIC_PAGES, personal=False),
        },
    )


def _catalog_listing(request, filters: dict) -> dict:
    paginator = CatalogPagination()
    try:
        page = paginator.paginate_queryset(selectors.catalog_queryset(**filters), Request(request))
    except NotFound as error:  # a damaged or forged cursor
        raise Http404 from error
    return {
        # Filtered by a language: its versions are the ones shown (as in the API).
        "entries": selectors.catalog_entries(page, language=filters["language"] or get_language()),
        "next_url": paginator.get_next_link(),
        "previous_url": paginator.get_previous_link(),
    }


def _course_or_404(request, slug):
    found = selectors.course_for_viewer(slug=slug, user=request.user)
    if found is None:
        raise Http404
    return found


@cache_anonymous_page(PUBLIC_PAGES)
def course_detail(request, slug):
    course, enrollment = _course_or_404(request, slug)
    # A key is read before the data it keeps: a write in between retires it (see page_cache).
    outline_fragment = learner_fragment(request, f"course-outline {course.pk}")
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    # Kept while no course or standard changes (and, for the standing, none of the learner's
    # enrolments, results or certificates): the course's own data, then the viewer's.
    details = page_cache.kept(
        page_cache.shared_key(f"course-details {course.pk}", PUBLIC_PAGES),
        lambda: {
            **selectors.course_details(course),
            "competencies": competency_map.course_competencies(course),
        },
    )
    teaching = request.user.is_superuser or request.user in details["instructors"]
    standing = page_cache.kept(
        learner_data_key(request, f"course-standing {course.pk}"),
        lambda: selectors.course_standing(
            user=request.user, course=course, prerequisites=details["prerequisites"]
        ),
    )
    # The versions the learner studies are listed with their progress instead.
    studied = {entry.enrollment.course_id for entry in standing.others}
    details["versions"] = [version for version in details["versions"] if version.pk not in studied]
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "enrollment": enrollment,
            "can_study": selectors.can_study(enrollment),
            "outline": outline,
            "outline_fragment": outline_fragment,
            "previewing": not course.is_published,
            "teaching": teaching,
            "standing": standing,
            **details,
        },
    )


@login_required
@require_POST
def enroll(request, slug):
    course, _enrollment = _course_or_404(request, slug)
    try:
        enrollment = services.enrollment_create(learner=request.user, course=course)
    except Conflict as error:
        messages.error(request, str(error))
        return redirect("courses:detail", slug=slug)
    messages.success(request, _("You are enrolled. Study at your own pace."))
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    if outline.resume:
        return redirect("courses:lesson", slug=slug, lesson_id=outline.resume.pk)
    return redirect("courses:detail", slug=slug)


@login_required
@require_POST
def withdraw(request, slug):
    course, enrollment = _course_or_404(request, slug)
    if enrollment is not None:
        services.enrollment_withdraw(enrollment=enrollment)
        messages.success(
            request,
            _("You have left “%(title)s”. You can re-enrol any time.")
            % {"title": isolate(course.title)},
        )
    return redirect("courses:dashboard")


def _lesson_for_viewer(request, slug, lesson_id):
    course, enrollment = _course_or_404(request, slug)
    lesson = get_object_or_404(
        Lesson.objects.select_related("module"), pk=lesson_id, module__course=course
    )
    readable = selectors.can_read(
        user=request.user, course=course, enrollment=enrollment, lesson=lesson
    )
    return course, enrollment, lesson, readable


def lesson_detail(request, slug, lesson_id):
    course, enrollment, lesson, readable = _lesson_for_viewer(request, slug, lesson_id)
    outline_fragment = learner_fragment(request, f"lesson-outline {lesson.pk}")  # key first
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    previous, following = outline.neighbours(lesson)
    completed = lesson.pk in outline.completed
    return render(
        request,
        "courses/lesson_detail.html",
        {
            "course": course,
            "lesson": lesson,
            "enrollment": enrollment,
            "readable": readable,
            "can_study": selectors.can_study(enrollment),
            "outline": outline,
            "outline_fragment": outline_fragment,
            "position": outline.position(lesson),
            "completed": completed,
            "next_step": outline.next_step(lesson) if completed else None,
            "previous": previous,
            "next": following,
            "video_embed_url": video_embed_url(lesson.video_url) if lesson.video_url else None,
            "attachments": list(lesson.attachments.all()) if readable else [],
            "previewing": not course.is_published,
        },
    )


@login_required
@require_POST
def lesson_complete(request, slug, lesson_id):
    _course, _enrollment, lesson, _readable = _lesson_for_viewer(request, slug, lesson_id)
    try:
        services.lesson_complete(learner=request.user, lesson=lesson)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("courses:detail", slug=slug)
    messages.success(request, _("Lesson completed."))
    # Back to the lesson, scrolled to where the learner clicked: it now offers what comes next.
    return redirect(reverse("courses:lesson", args=[slug, lesson.pk]) + "#next-step")


def attachment_download(request, slug, lesson_id, attachment_id):
    _course, _enrollment, lesson, readable = _lesson_for_viewer(request, slug, lesson_id)
    if not readable:
        raise Http404
    attachment = get_object_or_404(LessonAttachment, pk=attachment_id, lesson=lesson)
    return attachment_response(attachment)


@login_required
def dashboard(request):
    """The content is kept per learner (a fragment): what it shows is read only to render it."""
    return render(
        request,
        "courses/dashboard.html",
        {
            "learning": SimpleLazyObject(lambda: _learning(request)),
            "fragment": learner_fragment(request, "dashboard"),
        },
    )


def _learning(request) -> dict:
    user = request.user
    goal = competencies.learner_goal(user)
    achieved = achievements.achieved_families(user=user)
    return {
        "groups": selectors.dashboard(user=user, achieved=achieved),
        "goal": goal,
        "coverage": competency_map.role_coverage(goal, achieved=achieved) if goal else [],
        # The higher apps' parts of the goal (levels: progress up its ladder).
        "goal_sections": role_sections.goal_sections(request, goal) if goal else [],
    }
