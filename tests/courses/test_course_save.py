"""Saving a course through its service: the language-version rules, grading changes read from the
stored row, the author and the cover (the admin and the importer call the same)."""

import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Course
from courses.signals import course_grading_changed
from tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def grading_changes():
    sent = []

    def record(sender, course_id, **kwargs):
        sent.append(course_id)

    course_grading_changed.connect(record, dispatch_uid="test_course_save")
    yield sent
    course_grading_changed.disconnect(dispatch_uid="test_course_save")


def test_a_version_of_a_version_becomes_a_version_of_the_original(course):
    spanish = make_course("incoterms-es", language="es", language_version_of=course.slug)
    french = make_course("incoterms-fr", language="fr")
    french.language_version_of = spanish
    services.course_save(course=french)
    assert Course.objects.get(pk=french.pk).language_version_of == course


@pytest.mark.parametrize(
    ("picked", "message"),
    [("itself", "cannot be a version of itself"), ("standalone", "original of other versions")],
)
def test_a_course_is_not_a_version_of_itself_nor_while_it_has_versions(course, picked, message):
    spanish = make_course("incoterms-es", language="es", language_version_of=course.slug)
    course.language_version_of = spanish if picked == "itself" else make_course("standalone")
    with pytest.raises(ValidationError) as refused:
        services.course_save(course=course)
    assert message in refused.value.message_dict["language_version_of"][0]
    assert Course.objects.get(pk=course.pk).language_version_of is None


def test_the_importer_links_versions_by_the_same_rule(course):
    spanish = make_course("incoterms-es", language="es", language_version_of=course.slug)
    assert make_course("incoterms-fr", language_version_of=spanish.slug).language_version_of == (
        course
    )
    assert services.course_language_original(course=None, original=spanish) == course


@pytest.mark.parametrize(
    ("field", "value"), [("pass_mark", 50), ("certificate_needs_all_lessons", True)]
)
def test_a_grading_change_against_the_stored_row_is_sent_after_commit(
    course, grading_changes, django_capture_on_commit_callbacks, field, value
):
    setattr(course, field, value)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_save(course=course)
    assert grading_changes == [course.pk]


def test_other_changes_and_new_courses_send_no_grading_change(
    course, grading_changes, django_capture_on_commit_callbacks
):
    course.title = "Incoterms, revised"
    course.pass_mark = 70  # the same pass mark
    with django_capture_on_commit_callbacks(execute=True):
        services.course_save(course=course)
        services.course_save(course=Course(slug="fresh", title="Fresh", pass_mark=50))
    assert grading_changes == []


def test_an_instructor_teaches_the_course_they_create(instructor, superuser):
    mine = services.course_save(course=Course(slug="mine", title="Mine"), author=instructor)
    assert list(mine.instructors.all()) == [instructor]
    theirs = services.course_save(course=Course(slug="theirs", title="Theirs"), author=superuser)
    assert not theirs.instructors.exists()


def test_a_new_cover_queues_its_thumbnail_and_a_removed_one_drops_it(
    course, django_capture_on_commit_callbacks
):
    from tests.courses.test_uploads import image_upload

    course.cover_image = image_upload()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.course_save(course=course)
    assert len(callbacks) == 1  # the thumbnail, made by its task
    course.refresh_from_db()
    assert course.cover_thumbnail
    course.title = "Only the title changes"
    with django_capture_on_commit_callbacks() as callbacks:
        services.course_save(course=course)
    assert callbacks == []
    course.cover_image = None
    services.course_save(course=course)
    assert not Course.objects.get(pk=course.pk).cover_thumbnail
