"""The learner's assessment API. Another learner's attempt is a 404; scores come from the server
only (anything like `score`, `is_correct` or `user` in a request is ignored)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import learner_map, selectors, services
from assessments.models import Assessment, AttemptStatus
from assessments.rest_api import serializers
from core.errors import Conflict
from core.markdown import render_markdown
from core.openapi import error_response
from courses import api as courses

ATTEMPT_CONFLICT = error_response("The attempt's state refuses it: submitted, or its time is up.")


def _attempt_or_404(request, uuid):
    attempt = selectors.attempt_for(user=request.user, uuid=uuid)
    if attempt is None:
        raise Http404
    return attempt


def _assessment_or_404(request, uuid) -> Assessment:
    """A published assessment of a course the viewer may see."""
    assessment = (
        Assessment.objects.filter(uuid=uuid, is_published=True).select_related("course").first()
    )
    if (
        assessment is None
        or courses.course_for_viewer(slug=assessment.course.slug, user=request.user) is None
    ):
        raise Http404
    return assessment


def _course_or_404(request, slug):
    found = courses.course_for_viewer(slug=slug, user=request.user)
    if found is None:
        raise Http404
    return found


def _url(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


class CourseAssessmentsView(APIView):
    @extend_schema(responses={200: serializers.CourseAssessmentSerializer(many=True)})
    def get(self, request, slug):
        """The course's assessments with their rules, your attempts and grade in each, and
        whether you can start one now (and why not)."""
        course, enrollment = _course_or_404(request, slug)
        rows = selectors.course_assessment_list(
            user=request.user, course=course, enrollment=enrollment
        )
        return Response(
            serializers.CourseAssessmentSerializer(
                [_course_assessment(request, row) for row in rows], many=True
            ).data
        )


def _course_assessment(request, row: selectors.CourseAssessment) -> dict:
    status, assessment = row.status, row.status.assessment
    pool = assessment.current_questions
    in_progress = status.in_progress
    attempts_url = _url(request, "api-assessment-attempts", assessment.uuid)
    return {
        "uuid": assessment.uuid,
        "title": assessment.title,
        "module": assessment.module.title if assessment.module else None,
        "instructions_html": render_markdown(assessment.instructions),
        "open": assessment.is_published and assessment.course.is_published,
        "pass_mark": assessment.pass_mark,
        "weight": assessment.weight,
        "required_for_certificate": assessment.required_for_certificate,
        "grading_method": assessment.grading_method,
        "feedback_policy": assessment.feedback_policy,
        "questions": min(assessment.draw_count, pool) if assessment.draw_count else pool,
        "time_limit_minutes": assessment.time_limit_minutes,
        "max_attempts": assessment.max_attempts,
        "attempts_used": len(status.attempts),
        "attempts_left": status.attempts_left,
        "required_lessons": [
            {
                "id": lesson.pk,
                "title": lesson.title,
                "completed": lesson.pk in row.completed_lesson_ids,
            }
            for lesson in row.required_lessons
        ],
        "can_start": row.blocker is None,
        "cannot_start_reason": row.blocker,
        "in_progress": in_progress.uuid if in_progress else None,
        "grade": status.result,
        "best_percent": row.best_percent,
        "start_url": attempts_url,
        "attempts_url": attempts_url,
    }


class AssessmentAttemptsView(APIView):
    @extend_schema(responses={200: serializers.AttemptSummarySerializer(many=True)})
    def get(self, request, uuid):
        """Your attempts at the assessment, newest first, with their result links."""
        assessment = _assessment_or_404(request, uuid)
        attempts = selectors.assessment_status(user=request.user, assessment=assessment).attempts
        return Response(
            serializers.AttemptSummarySerializer(
                [_attempt_summary(request, attempt) for attempt in attempts], many=True
            ).data
        )

    @extend_schema(
        request=None,
        responses={
            201: serializers.AttemptSerializer,
            200: serializers.AttemptSerializer,
            409: error_response("Not open, required lessons not completed, or no attempt left."),
        },
    )
    def post(self, request, uuid):
        """Start an attempt (or get the one in progress). 403 when not enrolled; 409 when the
        assessment is not open, lessons it requires are not completed or no attempt is left."""
        assessment = _assessment_or_404(request, uuid)
        existing = selectors.assessment_status(user=request.user, assessment=assessment).in_progress
        attempt = services.attempt_start(learner=request.user, assessment=assessment)
        code = (
            status.HTTP_200_OK
            if existing and existing.pk == attempt.pk
            else status.HTTP_201_CREATED
        )
        view = selectors.attempt_view(attempt, with_feedback=False)
        return Response(serializers.AttemptSerializer(view).data, status=code)


def _attempt_summary(request, attempt) -> dict:
    submitted = attempt.status != AttemptStatus.IN_PROGRESS
    return {
        "uuid": attempt.uuid,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "url": _url(request, "api-attempt", attempt.uuid),
        "result_url": _url(request, "api-attempt-result", attempt.uuid) if submitted else None,
    }


class AttemptView(APIView):
    @extend_schema(responses=serializers.AttemptSerializer)
    def get(self, request, uuid):
        """The attempt's questions and your saved answers (no key, no correctness)."""
        attempt = _attempt_or_404(request, uuid)
        return Response(
            serializers.AttemptSerializer(selectors.attempt_view(attempt, with_feedback=False)).data
        )


class AnswersView(APIView):
    @extend_schema(
        request=serializers.AnswersSerializer, responses={204: None, 409: ATTEMPT_CONFLICT}
    )
    def patch(self, request, uuid):
        """Autosave answers by position. 400 names each bad answer in `errors.answers`
        (nothing is saved then); 409 once the attempt is submitted or its time is up."""
        attempt = _attempt_or_404(request, uuid)
        payload = serializers.AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.attempt_save(attempt=attempt, answers=payload.validated_data["answers"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmitView(APIView):
    @extend_schema(
        request=serializers.AnswersSerializer,
        responses={200: serializers.ResultSerializer, 409: ATTEMPT_CONFLICT},
    )
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
    @extend_schema(
        responses={
            200: serializers.ResultSerializer,
            409: error_response("The attempt is not submitted yet."),
        }
    )
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


class CourseGradesView(APIView):
    @extend_schema(
        responses={
            200: serializers.CourseGradesSerializer,
            403: error_response("You never enrolled in this course."),
        }
    )
    def get(self, request, slug):
        """Your course grade in this course and your grade on each of its assessments. 403 when
        you never enrolled (after leaving, your grades are still here)."""
        course, enrollment = _course_or_404(request, slug)
        if enrollment is None:
            raise PermissionDenied(_("You are not enrolled in this course."))
        grades = selectors.course_grades(enrollment=enrollment)
        data = {
            "course": course.slug,
            "grade": grades.grade,
            "assessments": [
                {
                    "assessment": row.assessment.uuid,
                    "title": row.assessment.title,
                    "weight": row.assessment.weight,
                    "pass_mark": row.assessment.pass_mark,
                    "required_for_certificate": row.assessment.required_for_certificate,
                    "grade": row.result,
                }
                for row in grades.assessments
            ],
        }
        return Response(serializers.CourseGradesSerializer(data).data)


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
