from rest_framework import serializers

from courses.models import CourseStatus, EnrollmentStatus, Level


class VersionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    language = serializers.CharField()
    title = serializers.CharField()


class ContentLanguageSerializer(serializers.Serializer):
    tag = serializers.CharField(help_text="BCP 47 language tag, canonical form (pt-BR, zh-Hans).")
    name = serializers.CharField(help_text="The language's name in your interface language.")
    autonym = serializers.CharField(help_text="The language's name in itself.")
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])


class CourseListSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    language = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    effort_hours = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    lessons = serializers.IntegerField()
    minutes = serializers.IntegerField()
    cover_thumbnail = serializers.URLField(allow_null=True, help_text="A 640×360 image.")
    versions = VersionSerializer(
        many=True, help_text="Published language versions, original first."
    )


class LessonOutlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    minutes = serializers.IntegerField()
    free_preview = serializers.BooleanField()
    completed = serializers.BooleanField()


class ModuleOutlineSerializer(serializers.Serializer):
    title = serializers.CharField()
    lessons = LessonOutlineSerializer(many=True)


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    lessons = serializers.IntegerField()
    completed_lessons = serializers.IntegerField()
    percent = serializers.IntegerField()
    resume_lesson_id = serializers.IntegerField(allow_null=True)


class CourseCompetencySerializer(serializers.Serializer):
    framework = serializers.UUIDField()
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField(help_text="Target level rank.")
    level_name = serializers.CharField()


class CourseDetailSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    description_html = serializers.CharField(help_text="Sanitized HTML rendered from Markdown.")
    language = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    status = serializers.ChoiceField(choices=CourseStatus.choices)
    effort_hours = serializers.IntegerField()
    instructors = serializers.ListField(child=serializers.CharField())
    prerequisites = serializers.ListField(child=serializers.SlugField())
    prerequisites_enforced = serializers.BooleanField()
    versions = VersionSerializer(many=True)
    competencies = CourseCompetencySerializer(many=True, help_text="What the course teaches.")
    modules = ModuleOutlineSerializer(many=True)
    enrollment = ProgressSerializer(allow_null=True)


class CourseGradeSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField()


class EnrollmentCertificateSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["valid", "revoked"])
    course = serializers.SlugField(help_text="The language version it was earned in.")
    verify_url = serializers.URLField(help_text="The public verify page (share it).")


class EnrollmentSerializer(ProgressSerializer):
    course = serializers.SlugField()
    course_title = serializers.CharField()
    grade = CourseGradeSerializer(
        allow_null=True, help_text="This language version's course grade; null before any."
    )
    certificate = EnrollmentCertificateSerializer(
        allow_null=True,
        help_text="The course family's certificate (a valid one first), from any language version.",
    )
    achieved = serializers.BooleanField(
        help_text="The course family is completed, passed or certified in any language version."
    )
    achieved_in = serializers.SlugField(
        allow_null=True, help_text="The language version that achieved it, when known."
    )


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    filename = serializers.CharField()
    download_url = serializers.URLField(help_text="GET it with your token or session.")


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.SlugField()
    module = serializers.CharField()
    title = serializers.CharField()
    minutes = serializers.IntegerField()
    body_html = serializers.CharField(help_text="Sanitized HTML rendered from Markdown.")
    video_embed_url = serializers.URLField(allow_null=True)
    completed = serializers.BooleanField()
    previous_lesson_id = serializers.IntegerField(allow_null=True)
    next_lesson_id = serializers.IntegerField(allow_null=True)
    attachments = AttachmentSerializer(many=True)
