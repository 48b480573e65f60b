"""API of the talent standards with the published courses that teach them (the CASE provider
itself is in `competencies`), and the learner's goal: a target role."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from competencies import api as competencies
from courses import competency_map, teaching
from courses.rest_api import framework_serializers as serializers
from courses.teaching import Teaching


def _tree_rows(items: list[Teaching]) -> list[dict]:
    """The competencies (in tree order) nested under their parents."""
    rows, by_competency = [], {}
    for item in items:
        competency = item.competency
        row = {
            "uuid": competency.uuid,
            "code": competency.code,
            "title": competency.title,
            "description": competency.description,
            "courses": [
                {"slug": t.course.slug, "title": t.course.title, "level": t.rank}
                for t in item.courses
            ],
            "courses_total": item.total,
            "children": [],
        }
        by_competency[competency.pk] = row
        parent = by_competency.get(competency.parent_id)
        (parent["children"] if parent else rows).append(row)
    return rows


def _framework_or_404(uuid):
    framework = competencies.published_framework(uuid)
    if framework is None:
        raise Http404
    return framework


class FrameworkListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.FrameworkSummarySerializer(many=True))
    def get(self, request):
        """Published competency frameworks."""
        frameworks = competencies.published_frameworks()
        return Response(serializers.FrameworkSummarySerializer(frameworks, many=True).data)


class FrameworkDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.FrameworkSerializer)
    def get(self, request, uuid):
        """A framework with its proficiency scale and competency tree; each competency lists the
        first published course families that teach it and to which level (rank), and how many
        families teach it."""
        framework = _framework_or_404(uuid)
        data = {
            **serializers.FrameworkSummarySerializer(framework).data,
            "description": framework.description,
            "levels": list(framework.levels.values("rank", "name", "description", "is_proficient")),
            "competencies": _tree_rows(
                competency_map.framework_teaching(
                    framework, shown=teaching.KEPT, also=("description",)
                )
            ),
        }
        return Response(serializers.FrameworkSerializer(data).data)


class RoleListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.RoleSummarySerializer(many=True))
    def get(self, request):
        """Target roles (job profiles) of the published frameworks."""
        return Response(
            serializers.RoleSummarySerializer(competencies.published_roles(), many=True).data
        )


class RoleDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.RoleSerializer)
    def get(self, request, slug):
        """A role's requirements and the published courses that teach each to the level needed."""
        role = competencies.published_roles().filter(slug=slug).first()
        if role is None:
            raise Http404
        data = {
            **serializers.RoleSummarySerializer(role).data,
            "description": role.description,
            "requirements": [
                {
                    "competency": item.requirement.competency.code,
                    "title": item.requirement.competency.title,
                    "level": item.requirement.level.rank,
                    "level_name": item.requirement.level.name,
                    "courses": [target.course.slug for target in item.courses],
                    "courses_total": item.teaching.total,
                }
                for item in competency_map.role_coverage(role, shown=teaching.KEPT)
            ],
        }
        return Response(serializers.RoleSerializer(data).data)


class GoalView(APIView):
    """Your goal: the target role your dashboard and competency map measure you against."""

    @extend_schema(responses={200: serializers.GoalSerializer})
    def get(self, request):
        """Your goal (`role` null when you have none)."""
        return Response(_goal(request.user))

    @extend_schema(
        request=serializers.GoalInputSerializer, responses={200: serializers.GoalSerializer}
    )
    def put(self, request):
        """Set your goal to a published role; 400 names an unknown or unavailable role in
        `errors.role`."""
        payload = serializers.GoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        role = competencies.published_roles().filter(slug=payload.validated_data["role"]).first()
        if role is None:
            raise ValidationError({"role": [_("That role is not available.")]})
        competencies.learner_goal_set(user=request.user, role=role)
        return Response(_goal(request.user))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Clear your goal (harmless when you have none)."""
        competencies.learner_goal_set(user=request.user, role=None)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _goal(user) -> dict:
    return serializers.GoalSerializer({"role": competencies.learner_goal(user)}).data
