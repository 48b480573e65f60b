"""A whole course as one JSON document, so it can move between sites.

Format "crossborder-academy.course", version 1 (docs/decisions/0003-course-json-format.md).
Import validates the whole document first, reports every problem with its path, and saves nothing
unless everything is valid.
"""

import base64
import binascii

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from rest_framework import serializers

from accounts.api import staff_by_email
from core.language_tags import language_tag_canonical
from courses.models import (
    Course,
    CourseStatus,
    Lesson,
    LessonAttachment,
    Level,
    Module,
)
from courses.services import course_archive, course_language_original, course_publish, course_save
from courses.uploads import clean_image, validate_attachment, validate_video_url

FORMAT = "crossborder-academy.course"
VERSION = 1
STATUS_SERVICES = {
    CourseStatus.PUBLISHED: course_publish,
    CourseStatus.ARCHIVED: course_archive,
}


class CourseImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class Text(serializers.CharField):
    """Text that must really be text: a number or a list is an error, not silently converted."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class EmbeddedFile(serializers.Serializer):
    filename = Text(max_length=120)
    data = Text(trim_whitespace=False, help_text="base64")

    def validate(self, attrs):
        try:
            content = base64.b64decode(attrs["data"], validate=True)
        except (binascii.Error, ValueError) as error:
            raise serializers.ValidationError({"data": "Not valid base64."}) from error
        return SimpleUploadedFile(attrs["filename"], content)


class AttachmentDocument(serializers.Serializer):
    title = Text(max_length=200)
    file = EmbeddedFile()

    def validate_file(self, upload):
        _as_drf_error(validate_attachment, upload)
        return upload


class LessonDocument(serializers.Serializer):
    title = Text(max_length=200)
    body = Text(allow_blank=True, trim_whitespace=False, required=False, default="")
    video_url = serializers.URLField(allow_blank=True, required=False, default="")
    minutes = serializers.IntegerField(min_value=1, max_value=600)
    free_preview = serializers.BooleanField(required=False, default=False)
    attachments = AttachmentDocument(many=True, required=False, default=list)

    def validate_video_url(self, url):
        _as_drf_error(validate_video_url, url)
        return url


class ModuleDocument(serializers.Serializer):
    title = Text(max_length=200)
    lessons = LessonDocument(many=True)


class CourseDocument(serializers.Serializer):
    format = serializers.ChoiceField(choices=[FORMAT])
    version = serializers.ChoiceField(choices=[VERSION])
    slug = serializers.SlugField(max_length=80)
    title = Text(max_length=200)
    subtitle = Text(max_length=300, allow_blank=True, required=False, default="")
    description = Text(allow_blank=True, trim_whitespace=False, required=False, default="")
    language = Text()  # any BCP 47 tag, stored canonical (validate_language)
    level = serializers.ChoiceField(choices=Level.values)
    effort_hours = serializers.IntegerField(min_value=1, max_value=500)
    status = serializers.ChoiceField(choices=CourseStatus.values, required=False, default="draft")
    prerequisites = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list
    )
    prerequisites_enforced = serializers.BooleanField(required=False, default=False)
    language_version_of = serializers.SlugField(allow_null=True, required=False, default=None)
    instructors = serializers.ListField(
        child=serializers.EmailField(), required=False, default=list
    )
    cover_image = EmbeddedFile(allow_null=True, required=False, default=None)
    modules = ModuleDocument(many=True)

    def validate_slug(self, slug):
        if Course.objects.filter(slug=slug).exists():
            raise serializers.ValidationError(
                "A course with this slug already exists on this site."
            )
        return slug

    def _linkable(self):
        """Courses the document may refer to: all for the site's own tools; for an instructor,
        the courses they teach and published ones (drafts of others stay invisible)."""
        user = self.context.get("by")
        if user is None or user.is_superuser:
            return Course.objects.all()
        return Course.objects.filter(
            Q(instructors=user) | Q(status=CourseStatus.PUBLISHED)
        ).distinct()

    def validate_prerequisites(self, slugs):
        found = list(self._linkable().filter(slug__in=slugs))
        missing = set(slugs) - {course.slug for course in found}
        if missing:
            raise serializers.ValidationError(
                f"No course you can link to has the slug: {', '.join(sorted(missing))}."
            )
        return found

    def validate_language(self, tag):
        return _as_drf_error(language_tag_canonical, tag)

    def validate_language_version_of(self, slug):
        if slug is None:
            return None
        original = self._linkable().filter(slug=slug).first()
        if original is None:
            raise serializers.ValidationError(f"No course you can link to has the slug {slug}.")
        return _as_drf_error(
            lambda picked: course_language_original(course=None, original=picked), original
        )

    def validate_instructors(self, emails):
        found = staff_by_email(emails)
        missing = {email.strip().lower() for email in emails} - set(found)
        if missing:
            raise serializers.ValidationError(
                f"No staff account with email: {', '.join(sorted(missing))}."
            )
        return list(found.values())

    def validate_cover_image(self, upload):
        return None if upload is None else _as_drf_error(clean_image, upload)


def _as_drf_error(check, value):
    try:
        return check(value)
    except ValidationError as error:
        raise serializers.ValidationError(error.messages) from error


def _flatten(errors, path="") -> list[str]:
    if isinstance(errors, dict):
        return [line for key, value in errors.items() for line in _flatten(value, _join(path, key))]
    if isinstance(errors, list) and errors and not all(isinstance(e, str) for e in errors):
        return [
            line
            for index, value in enumerate(errors)
            if value
            for line in _flatten(value, f"{path}[{index}]")
        ]
    messages = errors if isinstance(errors, list) else [errors]
    return [f"{path or 'document'}: {message}" for message in messages]


def _join(path: str, key: str | int) -> str:
    if key == "non_field_errors":
        return path
    if isinstance(key, int):  # DRF reports errors of list items by index
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def course_import(document, *, by=None) -> Course:
    """Create a course from a document, or raise CourseImportError listing every problem.

    `by` is the instructor importing it (None for the site's own commands)."""
    serializer = CourseDocument(data=document, context={"by": by})
    if not serializer.is_valid():
        raise CourseImportError(_flatten(serializer.errors))
    data = serializer.validated_data
    with transaction.atomic():
        try:
            course = course_save(
                course=Course(
                    slug=data["slug"],
                    title=data["title"],
                    subtitle=data["subtitle"],
                    description=data["description"],
                    language=data["language"],
                    level=data["level"],
                    effort_hours=data["effort_hours"],
                    prerequisites_enforced=data["prerequisites_enforced"],
                    language_version_of=data["language_version_of"],
                )
            )
        except ValidationError as error:  # a check the document missed: reported, not a 500
            raise CourseImportError(_flatten(error.message_dict)) from error
        course.instructors.set(data["instructors"])
        course.prerequisites.set(data["prerequisites"])
        for module_number, module_data in enumerate(data["modules"], start=1):
            module = Module.objects.create(
                course=course, title=module_data["title"], order=module_number
            )
            for lesson_number, lesson_data in enumerate(module_data["lessons"], start=1):
                attachments = lesson_data.pop("attachments")
                lesson = Lesson.objects.create(module=module, order=lesson_number, **lesson_data)
                for attachment in attachments:
                    LessonAttachment.objects.create(
                        lesson=lesson, title=attachment["title"], file=attachment["file"]
                    )
        # The document's status goes through the same rules as the admin's actions (a course is
        # created as a draft); a refusal undoes the whole import, before any cover is stored.
        status_change = STATUS_SERVICES.get(data["status"])
        if status_change is not None:
            try:
                status_change(course=course)
            except ValidationError as error:
                errors = [f"status: {message}" for message in error.messages]
                raise CourseImportError(errors) from error
        if data["cover_image"] is not None:
            course.cover_image.save(data["cover_image"].name, data["cover_image"], save=False)
            course_save(course=course)  # a new cover: its thumbnail follows after commit
    return course


def _embedded(field_file) -> dict:
    with field_file.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode("ascii")
    return {"filename": field_file.name.rsplit("/", 1)[-1], "data": data}


def course_export(course: Course) -> dict:
    modules = course.modules.prefetch_related("lessons__attachments")
    return {
        "format": FORMAT,
        "version": VERSION,
        "slug": course.slug,
        "title": course.title,
        "subtitle": course.subtitle,
        "description": course.description,
        "language": course.language,
        "level": course.level,
        "effort_hours": course.effort_hours,
        "status": course.status,
        "prerequisites": sorted(course.prerequisites.values_list("slug", flat=True)),
        "prerequisites_enforced": course.prerequisites_enforced,
        "language_version_of": course.language_version_of.slug
        if course.language_version_of
        else None,
        "instructors": sorted(course.instructors.values_list("email", flat=True)),
        "cover_image": _embedded(course.cover_image) if course.cover_image else None,
        "modules": [
            {
                "title": module.title,
                "lessons": [
                    {
                        "title": lesson.title,
                        "body": lesson.body,
                        "video_url": lesson.video_url,
                        "minutes": lesson.minutes,
                        "free_preview": lesson.free_preview,
                        "attachments": [
                            {"title": attachment.title, "file": _embedded(attachment.file)}
                            for attachment in lesson.attachments.all()
                        ],
                    }
                    for lesson in module.lessons.all()
                ],
            }
            for module in modules
        ],
    }
