"""Writes to the curriculum and to learners' study records.

The admin, pages, API, commands and tests all change courses and enrolments through these.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import api as accounts
from competencies import api as competencies
from core import page_cache
from core.bidi import isolate, isolate_all
from core.enqueue import enqueue_on_commit
from core.errors import Conflict
from courses import achievements
from courses.cached_pages import COURSE_PAGES
from courses.models import (
    Course,
    CourseCompetency,
    CourseStatus,
    Enrollment,
    EnrollmentStatus,
    Lesson,
    LessonProgress,
    Module,
)
from courses.signals import course_grading_changed, enrollment_completed
from courses.uploads import make_thumbnail

THUMBNAIL = "courses.tasks.make_course_thumbnail"

# Authoring -------------------------------------------------------------------------------------


# What the stored grades and certificates are judged by: a change reaches them (see signals).
GRADING_FIELDS = ("pass_mark", "certificate_needs_all_lessons")


def course_language_original(*, course: Course | None, original: Course | None) -> Course | None:
    """The course `course` becomes a language version of when `original` is picked, or
    ValidationError. Versions point at the original, never at another version (one level, no
    chains); a course is not a version of itself, nor of anything while other courses are
    versions of it. `course` is None (or unsaved) for a course being created."""
    if original is None:
        return None
    original = original.language_version_of or original
    if course is not None and course.pk:
        if original.pk == course.pk:
            raise ValidationError(_("A course cannot be a version of itself."))
        if course.language_versions.exists():
            raise ValidationError(
                _("This course is the original of other versions, so it cannot be a version.")
            )
    return original


@transaction.atomic
def course_save(*, course: Course, author=None) -> Course:
    """Validate and save a course's own fields (its instructors, prerequisites and modules are
    set apart). What changed is read from the stored row: a new or removed cover gets its
    thumbnail made or dropped; new grading rules (`GRADING_FIELDS`) reach the stored grades
    after commit. A new course's `author` teaches it (`course_author_add`)."""
    try:
        course.language_version_of = course_language_original(
            course=course, original=course.language_version_of
        )
    except ValidationError as error:
        raise ValidationError({"language_version_of": error.messages}) from error
    course.full_clean(validate_unique=False)  # the slug's own unique constraint decides a race
    stored = (
        Course.objects.select_for_update()
        .filter(pk=course.pk)
        .order_by()
        .values("cover_image", *GRADING_FIELDS)
        .first()
        if course.pk
        else None
    )
    course.save()
    if stored is None and author is not None:
        course_author_add(course=course, author=author)
    if (stored["cover_image"] if stored else "") != course.cover_image.name:
        if course.cover_image:
            enqueue_on_commit(THUMBNAIL, course.pk)
        elif course.cover_thumbnail:  # the cover was removed
            course.cover_thumbnail = ""
            course.save(update_fields=["cover_thumbnail"])
    if stored is not None and any(stored[name] != getattr(course, name) for name in GRADING_FIELDS):
        transaction.on_commit(
            lambda: course_grading_changed.send(sender=Course, course_id=course.pk)
        )
    return course


def course_author_add(*, course: Course, author) -> None:
    """A staff member who creates a course teaches it (a superuser sees every course anyway).
    After the course's instructors are set: setting them replaces the list."""
    if author.is_staff and not author.is_superuser:
        course.instructors.add(author)


@transaction.atomic  # with the roll-up of what teaches the competency (courses.teaching)
def course_target_save(*, target: CourseCompetency) -> CourseCompetency:
    """Save a competency a course teaches and its target level, or raise ValidationError: the
    level comes from the competency's own framework."""
    problem = competencies.level_of_competency_error(
        competency=target.competency, level=target.level
    )
    if problem:
        raise ValidationError({"level": [problem]})
    target.save()
    return target


@transaction.atomic
def course_renumber(*, course: Course) -> None:
    """Renumber modules, and lessons within each module, 1, 2, 3… keeping their chosen order.

    A row left at order 0 (a new one, its order not filled in) goes after the numbered ones.
    Its `update()`s send no signal: the course pages are retired here.
    """
    page_cache.bump(COURSE_PAGES)
    for number, module in enumerate(_in_chosen_order(course.modules.all()), start=1):
        if module.order != number:
            Module.objects.filter(pk=module.pk).update(order=number)
        for lesson_number, lesson in enumerate(_in_chosen_order(module.lessons.all()), start=1):
            if lesson.order != lesson_number:
                Lesson.objects.filter(pk=lesson.pk).update(order=lesson_number)


def _in_chosen_order(rows):
    return sorted(rows.only("id", "order"), key=lambda row: (row.order == 0, row.order, row.pk))


@transaction.atomic
def course_publish(*, course: Course) -> Course:
    if not Lesson.objects.filter(module__course=course).exists():
        raise ValidationError(
            _("“%(title)s” has no lessons yet; add at least one before publishing.")
            % {"title": isolate(course.title)}
        )
    course.status = CourseStatus.PUBLISHED
    course.published_at = course.published_at or timezone.now()
    course.save(update_fields=["status", "published_at", "updated_at"])
    return course


def course_unpublish(*, course: Course) -> Course:
    course.status = CourseStatus.DRAFT
    course.save(update_fields=["status", "updated_at"])
    return course


def course_archive(*, course: Course) -> Course:
    course.status = CourseStatus.ARCHIVED
    course.save(update_fields=["status", "updated_at"])
    return course


def unique_slug(base: str) -> str:
    base = slugify(base)[:70] or "course"
    slug, number = base, 1
    while Course.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def course_duplicate(*, course: Course, by) -> Course:
    """Copy a course, its modules and lessons as a new draft: the start of a language version."""
    original = course.language_version_of or course
    copy = Course.objects.create(
        slug=unique_slug(f"{course.slug}-copy"),
        title=_("%(title)s (copy)") % {"title": course.title},
        subtitle=course.subtitle,
        description=course.description,
        language=course.language,
        level=course.level,
        cover_image=course.cover_image.name,
        effort_hours=course.effort_hours,
        prerequisites_enforced=course.prerequisites_enforced,
        language_version_of=original,
    )
    copy.instructors.set(course.instructors.all())
    if by.is_staff and not by.is_superuser:
        copy.instructors.add(by)
    copy.prerequisites.set(course.prerequisites.all())
    if copy.cover_image:
        enqueue_on_commit(THUMBNAIL, copy.pk)
    for module in course.modules.prefetch_related("lessons"):
        new_module = Module.objects.create(course=copy, title=module.title, order=module.order)
        Lesson.objects.bulk_create(
            Lesson(
                module=new_module,
                title=lesson.title,
                body=lesson.body,
                video_url=lesson.video_url,
                minutes=lesson.minutes,
                free_preview=lesson.free_preview,
                order=lesson.order,
            )
            for lesson in module.lessons.all()
        )
    return copy


def course_thumbnail_make(*, course_id: int) -> bool:
    """Make the cover's thumbnail; False when there is nothing (left) to do."""
    with transaction.atomic():
        course = Course.objects.select_for_update().filter(pk=course_id).first()
        if course is None or not course.cover_image:
            return False
        thumbnail = make_thumbnail(course.cover_image)
        if course.cover_thumbnail and course.cover_thumbnail.name.endswith(thumbnail.name):
            return False
        course.cover_thumbnail.save(thumbnail.name, thumbnail, save=False)
        Course.objects.filter(pk=course.pk).update(cover_thumbnail=course.cover_thumbnail.name)
        page_cache.bump(COURSE_PAGES)
    return True


# Studying --------------------------------------------------------------------------------------


@transaction.atomic
def enrollment_create(*, learner, course: Course) -> Enrollment:
    """Enrol a learner; calling it again returns the same enrolment (re-activating a withdrawn
    one). A draft or unmet enforced prerequisites are a Conflict: the same request succeeds
    once the course is published or the prerequisites are completed."""
    if not course.is_published:
        raise Conflict(_("This course is not open for enrolment."))
    if course.prerequisites_enforced:
        missing = achievements.missing_prerequisites(user=learner, course=course)
        if missing:
            raise Conflict(
                _("Complete these courses first: %(titles)s.")
                % {"titles": isolate_all(c.title for c in missing)}
            )
    try:
        with transaction.atomic():
            enrollment, _created = Enrollment.objects.get_or_create(user=learner, course=course)
    except IntegrityError:  # a concurrent request enrolled first
        enrollment = Enrollment.objects.get(user=learner, course=course)
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        enrollment.status = (
            EnrollmentStatus.COMPLETED if enrollment.completed_at else EnrollmentStatus.ACTIVE
        )
        enrollment.save(update_fields=["status"])
    return enrollment


def enrollment_lock(*, user, course: Course) -> Enrollment | None:
    """The enrolment, locked until the transaction ends: serialises a learner's writes that must
    not race (starting attempts, completing the course)."""
    return Enrollment.objects.select_for_update().filter(user=user, course=course).first()


def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.save(update_fields=["status"])
    return enrollment


@transaction.atomic
def lesson_complete(*, learner, lesson: Lesson) -> Enrollment:
    """Mark a lesson done (idempotent); the last lesson completes the enrolment."""
    course_id = lesson.module.course_id
    # The row lock serialises two "complete" requests, so exactly one sees the course finished.
    enrollment = (
        Enrollment.objects.select_for_update().filter(user=learner, course_id=course_id).first()
    )
    if enrollment is None or enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise PermissionDenied(_("Enrol in this course to record your progress."))
    LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    page_cache.bump(accounts.learner_pages(learner.pk))
    if enrollment.status == EnrollmentStatus.ACTIVE:
        total = Lesson.objects.filter(module__course_id=course_id).count()
        done = enrollment.progress.filter(lesson__module__course_id=course_id).count()
        if done >= total:
            enrollment.status = EnrollmentStatus.COMPLETED
            enrollment.completed_at = timezone.now()
            enrollment.save(update_fields=["status", "completed_at"])
            transaction.on_commit(
                lambda: enrollment_completed.send(
                    sender=Enrollment, user_id=learner.pk, course_id=course_id
                )
            )
    return enrollment
