"""The learner's API. Permissions are the pages': published courses are public, drafts only to
their instructors, lesson bodies to enrolled learners (or free previews)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import api as accounts
from core import page_cache
from core.api_downloads import DownloadView
from core.language_tags import language_autonym, language_choices, language_direction
from core.markdown import render_markdown
from core.openapi import error_response
from core.reversing import reverse_last
from courses import competency_map, selectors, services
from courses.cached_pages import PUBLIC_PAGES
from courses.forms import CatalogFilterForm
from courses.models import Lesson, LessonAttachment
from courses.pagination import CatalogPagination
from courses.rest_api import serializers
from courses.uploads import attachment_response, video_embed_url


def _course_or_404(request, slug):
    found = selectors.course_for_viewer(slug=slug, user=request.user)
    if found is None:
        raise Http404
    return found


def _progress(enrollment, outline) -> dict | None:
    if enrollment is None:
        return None
    return {
        "status": enrollment.status,
        "enrolled_at": enrollment.enrolled_at,
        "completed_at": enrollment.completed_at,
        "lessons": len(outline.lessons),
        "completed_lessons": len(outline.completed),
        "percent": outline.percent,
        "resume_lesson_id": outline.resume.pk if outline.resume else None,
    }


def _certificate(certificate) -> dict | None:
    if certificate is None:
        return None
    return {
        "public_id": certificate.public_id,
        "status": certificate.status,
        "course": certificate.course.slug,
        # The address printed on the certificate and in its credential.
        "verify_url": settings.SITE_URL + reverse_last("verify", certificate.public_id),
    }


LIST_FIELDS = ("slug", "title", "subtitle", "language", "level", "effort_hours", "published_at")


class CourseListView(APIView):
    permission_classes = [AllowAny]
    pagination_class = CatalogPagination

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Search title, subtitle, description"
            ),
            OpenApiParameter(
                "language",
                OpenApiTypes.STR,
                description="Content language: a BCP 47 tag or range (`pt` finds pt-BR and pt-PT"
                " too); see /api/v1/course-languages/",
            ),
            OpenApiParameter(
                "level", OpenApiTypes.STR, enum=["foundation", "intermediate", "advanced"]
            ),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["newest", "title", "effort"]),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next` or `previous`"),
        ],
        responses=serializers.CourseListSerializer(many=True),
    )
    def get(self, request):
        """Published courses (language versions grouped under their original), cursor-paginated."""
        form = CatalogFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        key = page_cache.data_key(request, PUBLIC_PAGES, personal=False)
        return Response(page_cache.kept(key, lambda: self._page(request, form)))

    def _page(self, request, form) -> dict:
        """The page's data, the same for everyone at this address (kept while no course or
        standard changes)."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.catalog_queryset(**form.filters()), request)
        entries = selectors.catalog_entries(
            page, language=form.cleaned_data.get("language") or None
        )
        rows = [
            {
                **{field: getattr(entry.course, field) for field in LIST_FIELDS},
                "cover_thumbnail": request.build_absolute_uri(entry.course.cover_thumbnail.url)
                if entry.course.cover_thumbnail
                else None,
                "lessons": entry.lessons,
                "minutes": entry.minutes,
                "versions": entry.versions,
            }
            for entry in entries
        ]
        return paginator.get_paginated_response(
            serializers.CourseListSerializer(rows, many=True).data
        ).data


class CourseLanguageListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.ContentLanguageSerializer(many=True))
    def get(self, request):
        """The content languages of published courses (the catalog's language filter): each tag
        with its name in your language, its own name and its writing direction."""
        rows = [
            {
                "tag": tag,
                "name": name,
                "autonym": language_autonym(tag),
                "direction": language_direction(tag),
            }
            for tag, name in language_choices(selectors.catalog_languages())
        ]
        return Response(serializers.ContentLanguageSerializer(rows, many=True).data)


class CourseDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.CourseDetailSerializer)
    def get(self, request, slug):
        """A course with its outline; `enrollment` holds your progress when you are enrolled."""
        course, enrollment = _course_or_404(request, slug)
        outline = selectors.course_outline(course=course, enrollment=enrollment)
        details = selectors.course_details(course)
        data = {
            "slug": course.slug,
            "title": course.title,
            "subtitle": course.subtitle,
            "description_html": render_markdown(course.description),
            "language": course.language,
            "level": course.level,
            "status": course.status,
            "effort_hours": course.effort_hours,
            "instructors": [person.full_name for person in details["instructors"]],
            "prerequisites": [required.slug for required in details["prerequisites"]],
            "prerequisites_enforced": course.prerequisites_enforced,
            "versions": details["versions"],
            "competencies": [
                {
                    "framework": target.competency.framework.uuid,
                    "code": target.competency.code,
                    "title": target.competency.title,
                    "level": target.level.rank,
                    "level_name": target.level.name,
                }
                for target in competency_map.course_competencies(course)
            ],
            "modules": [
                {
                    "title": section.module.title,
                    "lessons": [
                        {
                            "id": lesson.pk,
                            "title": lesson.title,
                            "minutes": lesson.minutes,
                            "free_preview": lesson.free_preview,
                            "completed": lesson.pk in outline.completed,
                        }
                        for lesson in section.lessons
                    ],
                }
                for section in outline.sections
            ],
            "enrollment": _progress(enrollment, outline),
        }
        return Response(serializers.CourseDetailSerializer(data).data)


class EnrollmentView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: serializers.ProgressSerializer,
            201: serializers.ProgressSerializer,
            409: error_response("A draft, or enforced prerequisites not met."),
        },
    )
    def post(self, request, slug):
        """Enrol in a course (again, after leaving it). Enrolling twice is harmless (200); a draft
        or unmet enforced prerequisites are a 409."""
        course, existing = _course_or_404(request, slug)
        enrollment = services.enrollment_create(learner=request.user, course=course)
        outline = selectors.course_outline(course=course, enrollment=enrollment)
        code = status.HTTP_200_OK if existing else status.HTTP_201_CREATED
        return Response(
            serializers.ProgressSerializer(_progress(enrollment, outline)).data, status=code
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug):
        """Leave a course; your progress is kept for when you come back."""
        _course, enrollment = _course_or_404(request, slug)
        if enrollment is None:
            raise Http404
        services.enrollment_withdraw(enrollment=enrollment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyEnrollmentsView(APIView):
    @extend_schema(responses=serializers.EnrollmentSerializer(many=True))
    def get(self, request):
        """Your enrolments, newest first, with progress, course grade and certificate.

        `grade` is this language version's own; `certificate` and `achieved` are the course
        family's: earned in any language version, they show on every one."""
        namespaces = [accounts.learner_pages(request.user.pk), *PUBLIC_PAGES]
        key = page_cache.data_key(request, namespaces, personal=True)
        return Response(page_cache.kept(key, lambda: _my_enrollments(request.user)))


def _my_enrollments(user) -> list:
    """Kept per learner while none of their enrolments, progress, grades or certificates, and no
    course, changes."""
    entries = selectors.progress_entries(list(selectors.learner_enrollments(user=user)), user=user)
    rows = [
        {
            "course": entry.enrollment.course.slug,
            "course_title": entry.enrollment.course.title,
            "status": entry.enrollment.status,
            "enrolled_at": entry.enrollment.enrolled_at,
            "completed_at": entry.enrollment.completed_at,
            "lessons": entry.lessons,
            "completed_lessons": entry.completed,
            "percent": entry.percent,
            "resume_lesson_id": entry.resume_lesson_id,
            "grade": entry.result.grade,
            "certificate": _certificate(entry.result.certificate),
            "achieved": entry.result.achieved,
            "achieved_in": entry.result.earned_in.slug if entry.result.earned_in else None,
        }
        for entry in entries
    ]
    return serializers.EnrollmentSerializer(rows, many=True).data


def _lesson(request, lesson_id):
    lesson = Lesson.objects.select_related("module__course").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    course, enrollment = _course_or_404(request, lesson.module.course.slug)
    return course, enrollment, lesson


def _readable_lesson(request, lesson_id):
    """The lesson, when the viewer may read it (the pages' rule, `selectors.can_read`)."""
    course, enrollment, lesson = _lesson(request, lesson_id)
    if not selectors.can_read(
        user=request.user, course=course, enrollment=enrollment, lesson=lesson
    ):
        raise PermissionDenied(_("Enrol in this course to read this lesson."))
    return course, enrollment, lesson


class LessonView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: serializers.LessonSerializer,
            403: error_response("Not enrolled, and the lesson is no free preview."),
        }
    )
    def get(self, request, lesson_id):
        """A lesson's content and attachments: for enrolled learners, or anyone when it is a free
        preview."""
        course, enrollment, lesson = _readable_lesson(request, lesson_id)
        outline = selectors.course_outline(course=course, enrollment=enrollment)
        previous, following = outline.neighbours(lesson)
        data = {
            "id": lesson.pk,
            "course": course.slug,
            "module": lesson.module.title,
            "title": lesson.title,
            "minutes": lesson.minutes,
            "body_html": render_markdown(lesson.body),
            "video_embed_url": video_embed_url(lesson.video_url) if lesson.video_url else None,
            "completed": lesson.pk in outline.completed,
            "previous_lesson_id": previous.pk if previous else None,
            "next_lesson_id": following.pk if following else None,
            "attachments": [
                {
                    "id": attachment.pk,
                    "title": attachment.title,
                    "filename": attachment.file.name.rsplit("/", 1)[-1],
                    "download_url": request.build_absolute_uri(
                        reverse("api-lesson-attachment", args=[lesson.pk, attachment.pk])
                    ),
                }
                for attachment in lesson.attachments.all()
            ],
        }
        return Response(serializers.LessonSerializer(data).data)


class LessonAttachmentView(DownloadView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            (200, "*/*"): OpenApiTypes.BINARY,  # the file's own type (PDF, DOCX, CSV…)
            403: error_response("Not enrolled, and the lesson is no free preview."),
        }
    )
    def get(self, request, lesson_id, attachment_id):
        """A lesson's attachment, for whoever may read the lesson."""
        _course, _enrollment, lesson = _readable_lesson(request, lesson_id)
        attachment = LessonAttachment.objects.filter(pk=attachment_id, lesson=lesson).first()
        if attachment is None:
            raise Http404
        return attachment_response(attachment)


class LessonCompletionView(APIView):
    @extend_schema(request=None, responses=serializers.ProgressSerializer)
    def post(self, request, lesson_id):
        """Mark a lesson complete (idempotent); returns your progress in its course."""
        course, _enrollment, lesson = _lesson(request, lesson_id)
        enrollment = services.lesson_complete(learner=request.user, lesson=lesson)
        outline = selectors.course_outline(course=course, enrollment=enrollment)
        return Response(serializers.ProgressSerializer(_progress(enrollment, outline)).data)
