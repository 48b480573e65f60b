"""Public verification of level credentials, and the learner's pages: applying for a level,
declaring work experience, their level credentials. (The ladder itself shows on the role's page:
levels.sections.)"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rest_framework.exceptions import NotFound

from certificates import api as certificates
from certificates.api import throttled
from competencies import api as competencies
from core.api_errors import error_body
from core.bidi import isolate
from core.cors import public_cors
from core.errors import Conflict
from levels import credential as documents
from levels.forms import ExperienceForm
from levels.models import ApplicationStatus, ExperienceClaim, LevelCredential, RoleLevel
from levels.path import level_path
from levels.selectors import can_assess
from levels.services import awards, evidence


def _credential_or_404(public_id: str, **filters) -> LevelCredential:
    return certificates.issued_or_404(
        LevelCredential.objects.select_related("level__role"), public_id, **filters
    )


def public_record(credential: LevelCredential) -> dict:
    """Only what a verifier needs: no email, no employer, no evidence file, no reason."""
    return {
        "id": str(credential.public_id),
        "holder": credential.holder_name,
        "role": credential.role_name,
        "level": credential.level_name,
        "issuer": settings.CERTIFICATE_ISSUER_NAME,
        "issued_on": credential.issued_at.date().isoformat(),
        "competencies": [
            {"code": c["code"], "title": c["title"], "level": c["level_name"]}
            for c in credential.competencies
        ],
        "equivalences": [
            {"framework": e["framework"], "level": e["code"]} for e in credential.equivalences
        ],
        "evidence": documents.evidence_lines(credential),
        "status": credential.status,
        "revoked_on": credential.revoked_at.date().isoformat() if credential.revoked_at else None,
    }


@require_GET
@throttled
def verify(request, public_id: str):
    credential = _credential_or_404(public_id)
    record = public_record(credential)
    dates = {"issued_on": credential.issued_at.date()}
    dates["revoked_on"] = credential.revoked_at.date() if credential.revoked_at else None
    return render(
        request,
        "levels/verify.html",
        {
            "record": {**record, **dates},
            "credential": credential,
            "verify_url": documents.verify_url(credential),
            "image_url": settings.SITE_URL
            + reverse("levels:verify-image", args=[credential.public_id]),
        },
    )


@public_cors
@require_GET
@throttled
def verify_json(request, public_id: str):
    try:
        credential = _credential_or_404(public_id)
    except Http404:
        not_found = NotFound(_("No level credential has this id."))
        return JsonResponse(error_body(not_found), status=not_found.status_code)
    return JsonResponse(public_record(credential))


@require_GET
def verify_image(request, public_id: str):
    credential = _credential_or_404(public_id)
    if not credential.png:
        raise Http404
    return FileResponse(credential.png.open("rb"), content_type="image/png")


# The learner's pages: apply for a level, declare work experience, their level credentials.


def _role_or_404(slug: str):
    return get_object_or_404(competencies.published_roles(), slug=slug)


def _role_page(role, rank: int | None = None) -> str:
    return reverse("courses:role", args=[role.slug]) + (f"#level-{rank}" if rank else "")


@login_required
@require_POST
def apply(request, slug: str, rank: int):
    role = _role_or_404(slug)
    level = get_object_or_404(
        RoleLevel.objects.select_related("role__framework"), role=role, rank=rank
    )
    try:
        application = awards.level_apply(user=request.user, level=level)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_role_page(role, rank))
    except Conflict as error:
        messages.error(request, str(error))
        return redirect(_role_page(role, rank))
    name = isolate(level.name)
    if application.status == ApplicationStatus.AWARDED:
        messages.success(
            request, _("You have been awarded the level “%(level)s”.") % {"level": name}
        )
    elif application.status == ApplicationStatus.IN_REVIEW:
        messages.success(
            request,
            _("You meet every rule of “%(level)s”: your application is waiting for an assessor.")
            % {"level": name},
        )
    else:
        missing = [check.label for check in level_path(request.user, level).missing]
        messages.warning(
            request,
            _(
                "Your application for “%(level)s” is saved; it will be decided as soon as these "
                "rules are met: %(rules)s."
            )
            % {"level": name, "rules": "; ".join(missing)},
        )
    return redirect(_role_page(role, rank))


@login_required
def experience(request, slug: str):
    """Declare work experience for a role whose ladder asks for it, and see one's claims."""
    role = _role_or_404(slug)
    if not RoleLevel.objects.filter(role=role, min_experience_months__gt=0).exists():
        raise Http404
    form = ExperienceForm()
    if request.method == "POST":
        form = ExperienceForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence.experience_declare(user=request.user, role=role, **data)
            except ValidationError as error:
                form.add_error(None, error)
            except Conflict as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your work experience is sent to the role's assessors.")
                )
                return redirect("levels:experience", slug=role.slug)
    claims = ExperienceClaim.objects.filter(user=request.user, role=role).order_by("-started_on")
    return render(
        request,
        "levels/experience.html",
        {"role": role, "form": form, "claims": claims, "role_url": _role_page(role)},
    )


@login_required
@require_GET
def evidence_download(request, uuid):
    """The evidence of a work experience claim: only its learner and the assessors who steward
    the role may open it; anyone else gets the same 404 as for an unknown id."""
    claim = get_object_or_404(ExperienceClaim.objects.select_related("role"), uuid=uuid)
    if claim.user_id != request.user.pk and not can_assess(request.user, claim.role):
        raise Http404
    if not claim.evidence:
        raise Http404
    return FileResponse(
        claim.evidence.open("rb"),
        as_attachment=True,
        filename=claim.evidence.name.rsplit("/", 1)[-1],
    )


@login_required
def mine(request):
    credentials = LevelCredential.objects.filter(user=request.user).select_related("level__role")
    return render(
        request,
        "levels/mine.html",
        {
            "credentials": [
                (credential, documents.verify_url(credential)) for credential in credentials
            ]
        },
    )


@login_required
@require_GET
def download(request, public_id: str, kind: str):
    """The holder's own files: PDF, PNG, or the signed credential."""
    credential = _credential_or_404(public_id, user=request.user)
    return certificates.download(credential, kind, f"level-credential-{credential.public_id}")
