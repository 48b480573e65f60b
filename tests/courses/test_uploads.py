import io

import pytest
from botocore.exceptions import EndpointConnectionError
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from courses import services
from courses.models import Lesson
from courses.tasks import make_course_thumbnail
from courses.uploads import video_embed_url

pytestmark = pytest.mark.django_db


def image_upload(name="cover.jpg", size=(800, 450), fmt="JPEG", mode="RGB", exif=True):
    buffer = io.BytesIO()
    image = Image.new(mode, size, "teal" if mode == "RGB" else 1)
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
        image.save(buffer, format=fmt, exif=data.tobytes())
    else:
        image.save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def post_course(client, course, **files):
    data = {
        "title": course.title,
        "slug": course.slug,
        "subtitle": "",
        "description": "",
        "language": "en",
        "level": "foundation",
        "effort_hours": 3,
        "pass_mark": 70,
        "instructors": [u.pk for u in course.instructors.all()],
        "competency_targets-TOTAL_FORMS": 0,
        "competency_targets-INITIAL_FORMS": 0,
        "modules-TOTAL_FORMS": 0,
        "modules-INITIAL_FORMS": 0,
        **files,
    }
    return client.post(reverse("admin:courses_course_change", args=[course.pk]), data)


def test_a_cover_is_re_encoded_without_metadata_and_gets_a_thumbnail(
    client, instructor, course, django_capture_on_commit_callbacks
):
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_course(client, course, cover_image=image_upload())
    assert response.status_code == 302
    course.refresh_from_db()
    with course.cover_image.open("rb") as stored:
        cover = Image.open(stored)
        assert cover.format == "JPEG" and cover.size == (800, 450)
        assert not cover.getexif()
    with course.cover_thumbnail.open("rb") as stored:
        assert Image.open(stored).size == (640, 360)
    # The task is safe to run again: nothing left to do, the same thumbnail stays.
    name = course.cover_thumbnail.name
    make_course_thumbnail.apply(args=[course.pk])
    course.refresh_from_db()
    assert course.cover_thumbnail.name == name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (image_upload("anim.gif", fmt="GIF", exif=False), "Upload a JPEG, PNG or WebP image"),
        (SimpleUploadedFile("fake.jpg", b"<?php echo 'hi'; ?>"), "not an image that can be opened"),
        (
            image_upload("big.png", size=(9000, 5000), fmt="PNG", mode="1", exif=False),
            "limit is 40 megapixels",
        ),
        # Over twice the limit: Pillow itself refuses it as a decompression bomb.
        (
            image_upload("bomb.png", size=(15000, 15000), fmt="PNG", mode="1", exif=False),
            "limit is 40 megapixels",
        ),
    ],
)
def test_bad_images_are_refused_with_a_clear_message(client, instructor, course, upload, message):
    client.force_login(instructor)
    response = post_course(client, course, cover_image=upload)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["cover_image"])
    course.refresh_from_db()
    assert not course.cover_image


def test_attachments_outside_the_allow_list_are_refused(client, instructor, course):
    lesson = Lesson.objects.filter(module__course=course).first()
    client.force_login(instructor)
    data = {
        "module": lesson.module_id,
        "order": 1,
        "title": lesson.title,
        "minutes": 10,
        "video_url": "",
        "body": "x",
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "attachments-0-title": "Tool",
        "attachments-0-file": SimpleUploadedFile("tool.exe", b"MZ"),
    }
    response = client.post(reverse("admin:courses_lesson_change", args=[lesson.pk]), data)
    assert response.status_code == 200
    assert b"Files of type .exe are not accepted" in response.content
    assert not lesson.attachments.exists()


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("http://youtu.be/dQw4w9WgXcQ", None),
        ("https://evil.test/watch?v=dQw4w9WgXcQ", None),
        ("https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_youtube_and_vimeo_links_become_players(url, embed):
    assert video_embed_url(url) == embed


def test_a_lesson_shows_its_video_as_a_privacy_friendly_embed(client, learner, course):
    from courses import services

    lesson = Lesson.objects.filter(module__course=course).first()
    lesson.video_url = "https://youtu.be/dQw4w9WgXcQ"
    lesson.save()
    services.enrollment_create(learner=learner, course=course)
    client.force_login(learner)
    content = client.get(reverse("courses:lesson", args=[course.slug, lesson.pk])).content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in content


def test_removing_the_cover_removes_its_thumbnail(
    client, instructor, course, django_capture_on_commit_callbacks
):
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        post_course(client, course, cover_image=image_upload())
    course.refresh_from_db()
    assert course.cover_thumbnail
    post_course(client, course, **{"cover_image-clear": "on"})
    course.refresh_from_db()
    assert not course.cover_image and not course.cover_thumbnail


def test_a_thumbnail_that_storage_refused_is_made_on_the_retry(
    client, instructor, course, monkeypatch
):
    """S3 refusing a connection is botocore's EndpointConnectionError, not an OSError: the task
    retries it (core.transient) instead of giving up."""
    client.force_login(instructor)
    post_course(client, course, cover_image=image_upload())  # the task is not run here
    real = services.make_thumbnail
    calls = []

    def refused_once(image):
        calls.append(image)
        if len(calls) == 1:
            raise EndpointConnectionError(endpoint_url="http://s3.example")
        return real(image)

    monkeypatch.setattr(services, "make_thumbnail", refused_once)
    with pytest.raises(Retry):  # asked for a retry (with backoff), not recorded as failed
        make_course_thumbnail.apply(args=[course.pk], throw=True)
    make_course_thumbnail.apply(args=[course.pk], retries=1)  # the retry, as the worker runs it

    course.refresh_from_db()
    assert len(calls) == 2
    assert course.cover_thumbnail
