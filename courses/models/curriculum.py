"""The curriculum (course → module → lesson) and a learner's study of it (enrolment, progress).

Self-paced: an enrolment has no start or end date. Enrolments point at courses with PROTECT, so a
course that anyone has studied is archived, never deleted.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Upper
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.language_tags import LanguageTagField
from core.storage import private_storage
from courses.uploads import ATTACHMENT_EXTENSIONS, validate_attachment, validate_video_url


class Level(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CourseStatus.PUBLISHED)


def course_search_text() -> Concat:
    """The text catalog search looks in: title, subtitle and description, a line apart (which a
    search box cannot type, so no match spans two fields). On PostgreSQL a trigram index over its
    upper case (`course_search_trgm`) serves `icontains` on it in any script; queries and the
    index must use this same expression."""
    return Concat(
        "title",
        Value("\n"),
        "subtitle",
        Value("\n"),
        "description",
        output_field=models.TextField(),
    )


class Course(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    language = LanguageTagField(
        _("content language"),
        default="en",
        help_text=_(
            "The language the course is written in, as a BCP 47 tag: en, pt-BR, kk, zh-Hans…"
            " Any language, not only the site's."
        ),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level, default=Level.FOUNDATION)
    cover_image = models.ImageField(_("cover image"), upload_to="courses/covers/", blank=True)
    cover_thumbnail = models.ImageField(
        upload_to="courses/thumbnails/",
        blank=True,
        editable=False,
        verbose_name=_("cover thumbnail"),
    )
    effort_hours = models.PositiveSmallIntegerField(
        _("estimated effort (hours)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Informational: learners study at their own pace."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus, default=CourseStatus.DRAFT
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="taught_courses",
        blank=True,
        limit_choices_to={"is_staff": True},
        verbose_name=_("instructors"),
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisites"),
    )
    prerequisites_enforced = models.BooleanField(
        _("enforce prerequisites"),
        default=False,
        help_text=_("If ticked, learners must complete the prerequisites before enrolling."),
    )
    language_version_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="language_versions",
        verbose_name=_("language version of"),
        help_text=_("The original course this one translates (same curriculum, other language)."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("course pass mark (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_("The weighted course grade needed to pass, with every required assessment."),
    )
    certificate_needs_all_lessons = models.BooleanField(
        _("certificate needs every lesson completed"),
        default=False,
        help_text=_("Besides a passing course grade."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"]),
            models.Index(fields=["status", "title", "id"]),
            # PostgreSQL only (pg_trgm); the migration skips it elsewhere. See decision 0014.
            GinIndex(
                OpClass(Upper(course_search_text()), name="gin_trgm_ops"),
                name="course_search_trgm",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(language_version_of=models.F("id")),
                name="course_not_a_version_of_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED


class Module(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.course.title} › {self.title}"


class Lesson(models.Model):
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    video_url = models.URLField(
        _("video link"),
        blank=True,
        validators=[validate_video_url],
        help_text=_("A YouTube or Vimeo link; shown as an embedded player."),
    )
    minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    free_preview = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anyone may read this lesson without enrolling."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    competency = models.ForeignKey(
        "competencies.Competency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("competency taught"),
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


def attachment_help_text() -> str:
    # Formatted when shown: `_("…") % {…}` in the class body would be English forever.
    return _("Up to 20 MB: %(extensions)s.") % {"extensions": ", ".join(ATTACHMENT_EXTENSIONS)}


class LessonAttachment(models.Model):
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("lesson")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="lessons/attachments/",
        storage=private_storage,
        validators=[validate_attachment],
        help_text=lazy(attachment_help_text, str)(),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
