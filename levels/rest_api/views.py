"""The levels API: a role's ladder with, for a signed-in learner, their path up it; applying for
a level; the learner's level credentials and declared work experience. Everything is read
through `levels.path` and written through `levels.services`; another learner's data is never
in a response (each personal read is filtered by the requesting user)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import api as certificates
from competencies import api as competencies
from core.markdown import render_markdown
from core.openapi import ErrorSerializer as Error
from levels import credential as documents
from levels.models import (
    ApplicationStatus,
    ExperienceClaim,
    LevelApplication,
    LevelCredential,
    RoleLevel,
)
from levels.models.applications import OPEN_STATUSES
from levels.path import LevelPath, ladder_paths
from levels.rest_api import serializers
from levels.services import awards, evidence

NOT_SIGNED_IN = OpenApiResponse(Error, description="Not signed in.")
NOT_FOUND = OpenApiResponse(Error, description="No such role or level, or not published.")
INVALID = OpenApiResponse(Error, description="Refused; the reason in `detail` or `errors`.")
CONFLICT = OpenApiResponse(
    Error, description="The level's state refuses it now: you hold it, or it was revoked."
)


def _role_or_404(slug):
    role = competencies.published_roles().filter(slug=slug).first()
    if role is None:
        raise Http404
    return role


def _credential(credential: LevelCredential | None) -> dict | None:
    if credential is None:
        return None
    return {
        "public_id": credential.public_id,
        "status": credential.status,
        "issued_on": credential.issued_at.date(),
        "verify_url": documents.verify_url(credential),
        "json_url": settings.SITE_URL + reverse("levels:verify-json", args=[credential.public_id]),
    }


def _application(application: LevelApplication | None) -> dict | None:
    if application is None:
        return None
    return {
        "status": application.status,
        "applied_at": application.created_at,
        "decided_at": application.decided_at,
        "decision_reason": application.decision_reason,
    }


def _exam(level: RoleLevel) -> dict | None:
    if level.exam_id is None:
        return None
    return {
        "assessment": level.exam.uuid,
        "course": level.exam.course.slug,
        "title": level.exam.title,
        "pass_mark": level.exam_pass_mark,
        "units": [
            {"name": unit.name, "weight": unit.weight, "min_percent": unit.min_percent}
            for unit in level.exam_units.all()
        ],
    }


def _mine(path: LevelPath) -> dict:
    result = path.exam_result
    return {
        "rules_met": path.rules_met,
        "held": path.held,
        "can_apply": path.can_apply,
        "exam_open": path.exam_open,
        "application": _application(path.application),
        "credential": _credential(path.credential),
        "exam_result": {"percent": result.percent, "passed": result.passed, "units": result.units}
        if result
        else None,
    }


def _level(request, path: LevelPath, signed_in: bool) -> dict:
    level = path.level
    return {
        "rank": level.rank,
        "name": level.name,
        "description_html": render_markdown(level.description),
        "needs_review": level.needs_review,
        "rules": [
            {
                "kind": check.kind,
                "label": check.label,
                "met": check.met,
                "detail": check.detail,
                "next_courses": [
                    {
                        "slug": course.slug,
                        "title": course.title,
                        "language": course.language,
                        "url": request.build_absolute_uri(
                            reverse("courses:detail", args=[course.slug])
                        ),
                    }
                    for course in check.next_courses
                ],
            }
            for check in path.checks
        ],
        "exam": _exam(level),
        "equivalences": [
            {"framework": item.framework, "code": item.code, "url": item.url}
            for item in level.equivalences.all()
        ],
        "mine": _mine(path) if signed_in else None,
    }


class LadderView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: serializers.LadderSerializer, 404: NOT_FOUND})
    def get(self, request, slug):
        """A published role's level ladder: each level's rules, exam blueprint and equivalences.
        Signed in, each rule also says whether you meet it (`met`, `detail`, `next_courses`)
        and `mine` holds your path: application, credential and exam result. The number of
        queries does not grow with the ladder."""
        role = _role_or_404(slug)
        signed_in = request.user.is_authenticated
        paths = ladder_paths(role, request.user if signed_in else None)
        data = {
            "role": role.slug,
            "role_name": role.name,
            "levels": [_level(request, path, signed_in) for path in paths],
        }
        return Response(serializers.LadderSerializer(data).data)


class ApplyView(APIView):
    @extend_schema(
        request=None,
        responses={
            201: serializers.AppliedSerializer,
            200: serializers.AppliedSerializer,
            401: NOT_SIGNED_IN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, slug, rank):
        """Apply for a level: 201 with a new application, 200 with your open one (applying twice
        is harmless). It is awarded at once when every rule is met and the level needs no
        review (`credential` is then set), goes to an assessor when it does, else waits until
        the last rule is met. 409 when you hold the level (or it was revoked)."""
        role = _role_or_404(slug)
        level = (
            RoleLevel.objects.select_related("role__framework").filter(role=role, rank=rank).first()
        )
        if level is None:
            raise Http404
        existing = LevelApplication.objects.filter(
            user=request.user, level=level, status__in=OPEN_STATUSES
        ).exists()
        application = awards.level_apply(user=request.user, level=level)
        credential = None
        if application.status == ApplicationStatus.AWARDED:
            credential = LevelCredential.objects.filter(user=request.user, level=level).first()
        data = {**_application(application), "credential": _credential(credential)}
        return Response(
            serializers.AppliedSerializer(data).data,
            status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        )


def _download(request, credential: LevelCredential, kind: str) -> str:
    return request.build_absolute_uri(reverse("levels:download", args=[credential.public_id, kind]))


class MyLevelCredentialsView(APIView):
    @extend_schema(
        responses={200: serializers.LevelCredentialSerializer(many=True), 401: NOT_SIGNED_IN}
    )
    def get(self, request):
        """Your level credentials, newest first, revoked ones included (see `status`)."""
        credentials = LevelCredential.objects.filter(user=request.user).select_related(
            "level__role"
        )
        rows = [
            {
                **_credential(credential),
                "role": credential.level.role.slug,
                "role_name": credential.role_name,
                "level": credential.level.rank,
                "level_name": credential.level_name,
                "image_url": settings.SITE_URL
                + reverse("levels:verify-image", args=[credential.public_id])
                if credential.png
                else None,
                "pdf_url": _download(request, credential, "pdf") if credential.pdf else None,
                "jwt_url": _download(request, credential, "jwt")
                if credential.credential_jwt
                else None,
                "downloads": certificates.download_urls(
                    request, credential, "api-level-credential-download"
                ),
            }
            for credential in credentials.order_by("-issued_at", "-id")
        ]
        return Response(serializers.LevelCredentialSerializer(rows, many=True).data)


class LevelCredentialDownloadView(certificates.IssuedDownloadView):
    model = LevelCredential
    file_prefix = "level-credential"


def _claim(claim: ExperienceClaim) -> dict:
    return {
        "uuid": claim.uuid,
        "role": claim.role.slug,
        "employer": claim.employer,
        "job_title": claim.job_title,
        "started_on": claim.started_on,
        "ended_on": claim.ended_on,
        "status": claim.status,
        "review_reason": claim.review_reason,
        "declared_at": claim.created_at,
    }


class MyExperienceView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: serializers.ExperienceSerializer(many=True), 401: NOT_SIGNED_IN})
    def get(self, request):
        """The work experience you declared, oldest first, with its review."""
        claims = ExperienceClaim.objects.filter(user=request.user).select_related("role")
        return Response(
            serializers.ExperienceSerializer([_claim(claim) for claim in claims], many=True).data
        )

    @extend_schema(
        request={"multipart/form-data": serializers.ExperienceInputSerializer},
        responses={
            201: serializers.ExperienceSerializer,
            400: INVALID,
            401: NOT_SIGNED_IN,
            409: OpenApiResponse(
                Error, description="Too many declarations waiting for an assessor in this role."
            ),
        },
    )
    def post(self, request):
        """Declare work experience in a role, with evidence (multipart/form-data). It counts for
        the role's levels once an assessor attests it; 400 names each wrong field in `errors`; 409
        while too many of your declarations in the role wait for an assessor."""
        payload = serializers.ExperienceInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        role = competencies.published_roles().filter(slug=values["role"]).first()
        if role is None:
            raise ValidationError({"role": [_("No published role has this slug.")]})
        claim = evidence.experience_declare(
            user=request.user,
            role=role,
            employer=values["employer"],
            job_title=values["job_title"],
            started_on=values["started_on"],
            ended_on=values.get("ended_on"),
            evidence=values.get("evidence"),
        )
        return Response(
            serializers.ExperienceSerializer(_claim(claim)).data, status=status.HTTP_201_CREATED
        )
