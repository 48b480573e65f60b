import csv
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import export, learner_map, roster, selectors, services
from assessments.forms import answers_from_post
from assessments.models import Assessment, AttemptStatus
from core.collation import country_choices
from courses import api as courses


def _assessment_or_404(request, slug, uuid) -> Assessment:
    found = courses.course_for_viewer(slug=slug, user=request.user)
    if found is None:
        raise Http404
    assessment = get_object_or_404(
        Assessment.objects.select_related("course", "module"), uuid=uuid, course=found[0]
    )
    if not assessment.is_published and not courses.teaches(request.user, assessment.course):
        raise Http404
    return assessment


def assessment_detail(request, slug, uuid):
    assessment = _assessment_or_404(request, slug, uuid)
    status = selectors.assessment_status(user=request.user, assessment=assessment)
    enrollment = courses.enrollment_for(user=request.user, course=assessment.course)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "course": assessment.course,
            "status": status,
            "next": status.next_attempt(can_study=courses.can_study(enrollment)),
        },
    )


@login_required
@require_POST
def attempt_start(request, slug, uuid):
    assessment = _assessment_or_404(request, slug, uuid)
    try:
        attempt = services.attempt_start(learner=request.user, assessment=assessment)
    except (ValidationError, PermissionDenied, services.AttemptConflict) as error:
        messages.error(request, _message(error))
        return redirect("assessments:detail", slug=slug, uuid=uuid)
    return redirect("assessments:attempt", uuid=attempt.uuid)


def _message(error) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@login_required
def attempt_take(request, uuid):
    attempt = selectors.attempt_for(user=request.user, uuid=uuid)
    if attempt is None:
        raise Http404
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect("assessments:result", uuid=uuid)
    view = selectors.attempt_view(attempt, with_feedback=False)
    errors = {}
    if request.method == "POST":
        answers = answers_from_post(request.POST, view["questions"])
        try:
            if request.POST.get("action") == "submit":
                services.attempt_submit(attempt=attempt, answers=answers)
                return redirect("assessments:result", uuid=uuid)
            services.attempt_save(attempt=attempt, answers=answers)
            messages.success(request, _("Your answers are saved."))
            return redirect("assessments:attempt", uuid=uuid)
        except services.AnswerErrors as error:
            errors = {
                int(position): messages_ for position, messages_ in error.message_dict.items()
            }
            for question in view["questions"]:
                question["answer"] = answers.get(question["position"], question["answer"])
        except services.AttemptConflict as error:
            messages.error(request, str(error))
            return redirect("assessments:result", uuid=uuid)
    for question in view["questions"]:
        question["errors"] = errors.get(question["position"], [])
    return render(
        request,
        "assessments/attempt_take.html",
        {
            "attempt": attempt,
            "view": view,
            "course": attempt.assessment.course,
            "answered": sum(1 for q in view["questions"] if q["answer"] not in (None, "", [])),
            "now": timezone.now(),
            "texts": _take_texts(),
        },
        status=400 if errors else 200,
    )


def _take_texts() -> dict[str, str]:
    """What attempt.js says, in the learner's language; {braces} are filled in by the script."""
    return {
        "answered": _("%(answered)s of %(total)s answered")
        % {"answered": "{answered}", "total": "{total}"},
        "saved": _("Saved at %(time)s") % {"time": "{time}"},
        "failed": _("Not saved — your answers are kept on this page, retrying"),
        "loggedOut": _(
            "Not saved — you are logged out. Your answers are kept on this page; log in again "
            "in another tab and they will be saved here."
        ),
        "closed": _("Not saved — this attempt is closed."),
        "invalid": _("Not saved — check your answer to question %(position)s.")
        % {"position": "{position}"},
        "goTo": _("Go to question %(position)s") % {"position": "{position}"},
        "restored": _("Restored answers this browser kept that were not saved yet."),
        "fiveMinutes": _("Less than 5 minutes left."),
        "oneMinute": _("Less than 1 minute left."),
        "timeUp": _("Time is up: your answers are being submitted."),
    }


@login_required
def attempt_result(request, uuid):
    attempt = selectors.attempt_for(user=request.user, uuid=uuid)
    if attempt is None:
        raise Http404
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return redirect("assessments:attempt", uuid=uuid)
    course = attempt.assessment.course
    status = selectors.assessment_status(user=request.user, assessment=attempt.assessment)
    with_feedback = selectors.feedback_allowed(attempt, status.result)
    enrollment = courses.enrollment_for(user=request.user, course=course)
    return render(
        request,
        "assessments/attempt_result.html",
        {
            "attempt": attempt,
            "course": course,
            "view": selectors.attempt_view(attempt, with_feedback=with_feedback),
            "with_feedback": with_feedback,
            "status": status,
            "next": status.next_attempt(can_study=courses.can_study(enrollment)),
            "review": selectors.attempt_review(attempt, with_feedback=with_feedback),
        },
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form was sent with a stale token (the learner logged in or out in
    another tab, or the session ended). Nothing of the request is used — that is the point of
    the check — but an attempt's answers are already on the server (autosave) and in the
    browser (attempt.js), so the page says so and leads back to the attempt, through the login
    page when the session is gone."""
    attempt_uuid = _attempt_uuid(request.path)
    saved_at = None
    if attempt_uuid and request.user.is_authenticated:
        attempt = selectors.attempt_for(user=request.user, uuid=attempt_uuid)
        if attempt is None:
            attempt_uuid = None  # not theirs: no promise about it
        else:
            saved_at = selectors.last_saved_at(attempt)
    back = (
        reverse("assessments:attempt", args=[attempt_uuid])
        if attempt_uuid
        else _same_site_path(request, request.META.get("HTTP_REFERER", ""))
    )
    login = reverse("accounts:login")
    if back.startswith(login):  # a failed login form: back to it, not round it in a loop
        back = ""
    if back:
        login = f"{login}?{urlencode({'next': back})}"
    return render(
        request,
        "assessments/csrf_failure.html",
        {
            "for_attempt": attempt_uuid is not None,
            "saved_at": saved_at,
            "back": back,
            "login": login,
        },
        status=403,
    )


def _attempt_uuid(path: str):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name == "assessments:attempt":
        return match.kwargs["uuid"]
    return None


def _same_site_path(request, url: str) -> str:
    """The path of `url` when it is on this site (a referring page), else ""."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@login_required
def competency_map(request):
    return render(
        request,
        "assessments/competency_map.html",
        {
            "map": SimpleLazyObject(lambda: learner_map.learner_map(user=request.user)),
            "fragment": courses.learner_fragment(request, "competency-map"),
        },
    )


def _taught_course_or_404(request, slug):
    found = courses.course_for_viewer(slug=slug, user=request.user)
    if found is None or not courses.teaches(request.user, found[0]):
        raise Http404
    return found[0]


@login_required
def course_coverage(request, slug):
    course = _taught_course_or_404(request, slug)
    country = request.GET.get("country", "").upper()[:2]
    tables, learners = learner_map.course_coverage(course=course, country=country)
    return render(
        request,
        "assessments/course_coverage.html",
        {
            "course": course,
            "tables": tables,
            "learners": learners,
            "country": country,
            "countries": country_choices(learner_map.enrolled_countries(course)),
        },
    )


LEARNER_COLUMNS = [
    ("name", gettext_lazy("Learner")),
    ("country", gettext_lazy("Country")),
    ("version", gettext_lazy("Language version")),
    ("progress", gettext_lazy("Progress")),
    ("activity", gettext_lazy("Last activity")),
    ("grade", gettext_lazy("Course grade")),
    ("attempts", gettext_lazy("Attempts")),
    ("certificate", gettext_lazy("Certificate")),
]
LEARNERS_PER_PAGE = 50


def _learner_table(request, slug):
    course = _taught_course_or_404(request, slug)
    country = request.GET.get("country", "").upper()[:2]
    status = request.GET.get("status", "")
    status = status if status in roster.STATUS_FILTERS else ""
    sort = roster.sort_key(request.GET.get("sort", ""))
    rows = roster.course_learners(
        course=course, viewer=request.user, country=country, status=status, sort=sort
    )
    return course, rows, {"country": country, "status": status, "sort": sort}


@login_required
def course_learners(request, slug):
    course, rows, chosen = _learner_table(request, slug)
    page = Paginator(rows, LEARNERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/course_learners.html",
        {
            "course": course,
            "page": page,
            "total": len(rows),
            "columns": [
                (key, label, _sort_state(key, chosen["sort"])) for key, label in LEARNER_COLUMNS
            ],
            "countries": country_choices(
                roster.family_countries(course=course, viewer=request.user)
            ),
            "statuses": list(roster.STATUS_FILTERS.items()),
            **chosen,
        },
    )


def _sort_state(key: str, sort: str) -> tuple[str, str]:
    """(the sort a column's link asks for, its aria-sort value)."""
    if sort == key:
        return f"-{key}", "ascending"
    if sort == f"-{key}":
        return key, "descending"
    return key, "none"


class _Echo:
    def write(self, value):
        return value


@login_required
def course_learners_csv(request, slug):
    course, rows, _chosen = _learner_table(request, slug)
    writer = csv.writer(_Echo())

    def certificate_url(certificate):
        return request.build_absolute_uri(reverse("verify", args=[certificate.public_id]))

    response = StreamingHttpResponse(
        (
            writer.writerow(line)
            for line in export.learner_table_csv(rows, certificate_url=certificate_url)
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="learners-{course.slug}.csv"'
    return response
