"""The learner's assessment API. Another learner's attempt is a 404; scores come from the server
only (anything like `score`, `is_correct` or `user` in a request is ignored)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import learner_map, selectors, services
from assessments.models import Assessment
from assessments.rest_api import serializers
from core.errors import Conflict
from courses import api as courses


def _attempt_or_404(request, uuid):
    attempt = selectors.attempt_for(user=request.user, uuid=uuid)
    if attempt is None:
        raise Http404
    return attempt


class StartView(APIView):
    @extend_schema(
        request=None,
        responses={201: serializers.AttemptSerializer, 200: serializers.AttemptSerializer},
    )
    def post(self, request, uuid):
        """Start an attempt (or get the one in progress). 403 when not enrolled; 409 when the
        assessment is not open, lessons it requires are not completed or no attempt is left."""
        assessment = (
            Assessment.objects.filter(uuid=uuid, is_published=True).select_related("course").first()
        )
        if (
            assessment is None
            or courses.course_for_viewer(slug=assessment.course.slug, user=request.user) is None
        ):
            raise Http404
        existing = selectors.assessment_status(user=request.user, assessment=assessment).in_progress
        attempt = services.attempt_start(learner=request.user, assessment=assessment)
        code = (
            status.HTTP_200_OK
            if existing and existing.pk == attempt.pk
            else status.HTTP_201_CREATED
        )
        view = selectors.attempt_view(attempt, with_feedback=False)
        return Response(serializers.AttemptSerializer(view).data, status=code)


class AttemptView(APIView):
    @extend_schema(responses=serializers.AttemptSerializer)
    def get(self, request, uuid):
        """The attempt's questions and your saved answers (no key, no correctness)."""
        attempt = _attempt_or_404(request, uuid)
        return Response(
            serializers.AttemptSerializer(selectors.attempt_view(attempt, with_feedback=False)).data
        )


class AnswersView(APIView):
    @extend_schema(request=serializers.AnswersSerializer, responses={204: None})
    def patch(self, request, uuid):
        """Autosave answers by position. 400 names each bad answer in `errors.answers`
        (nothing is saved then); 409 once the attempt is submitted or its time is up."""
        attempt = _attempt_or_404(request, uuid)
        payload = serializers.AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.attempt_save(attempt=attempt, answers=payload.validated_data["answers"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmitView(APIView):
    @extend_schema(request=serializers.AnswersSerializer, responses=serializers.ResultSerializer)
    def post(self, request, uuid):
        """Submit, optionally with last answers. A second submit is a 409."""
        attempt = _attempt_or_404(request, uuid)
        payload = serializers.AnswersSerializer(data=request.data or {"answers": {}})
        payload.is_valid(raise_exception=True)
        attempt = services.attempt_submit(
            attempt=attempt, answers=payload.validated_data["answers"]
        )
        return Response(_result(attempt))


def _result(attempt) -> dict:
    shown = selectors.feedback_shown(attempt)
    data = {
        "uuid": attempt.uuid,
        "status": attempt.status,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "feedback_shown": shown,
    }
    if shown:
        data["questions"] = selectors.attempt_view(attempt, with_feedback=True)["questions"]
    return serializers.ResultSerializer(data).data


class ResultView(APIView):
    @extend_schema(responses=serializers.ResultSerializer)
    def get(self, request, uuid):
        """Score and pass/fail; answers and explanations only when the feedback policy allows."""
        attempt = _attempt_or_404(request, uuid)
        if attempt.status == "in_progress":
            raise Conflict(_("This attempt is not submitted yet."))
        return Response(_result(attempt))


class GradesView(APIView):
    @extend_schema(responses=serializers.GradeSerializer(many=True))
    def get(self, request):
        """Your grade on every assessment you have taken."""
        return Response(
            serializers.GradeSerializer(selectors.my_grades(user=request.user), many=True).data
        )


class CompetencyMapView(APIView):
    @extend_schema(responses=serializers.CompetencyMapSerializer(many=True))
    def get(self, request):
        """Your level per competency in each published framework; with a goal, each required
        competency's status (met / partly / gap) and the courses that teach it."""
        found = learner_map.learner_map(user=request.user)
        maps, goal = found.frameworks, found.goal
        data = [
            {
                "framework": framework_map.framework.uuid,
                "title": framework_map.framework.title,
                "goal": goal.slug if goal else None,
                "areas": [
                    {
                        "code": area.competency.code,
                        "title": area.competency.title,
                        "competencies": [
                            {
                                "code": cell.competency.code,
                                "title": cell.competency.title,
                                "level": cell.level.rank if cell.level else None,
                                "level_name": cell.level.name if cell.level else None,
                                "required_level": cell.required.rank if cell.required else None,
                                "status": cell.status,
                                "state": cell.state,
                                "courses": [course.slug for course in cell.teaching],
                            }
                            for cell in area.cells
                        ],
                    }
                    for area in framework_map.areas
                ],
            }
            for framework_map in maps
        ]
        return Response(serializers.CompetencyMapSerializer(data, many=True).data)
