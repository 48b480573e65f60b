import base64
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from competencies.models import CompetencyFramework
from core.bidi import isolate
from courses.models import Course, Lesson, LessonAttachment
from courses.transfer import CourseImportError, course_export, course_import
from tests.factories import course_document, make_course

pytestmark = pytest.mark.django_db


def png_base64() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), "navy").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def without_filenames(value):
    if isinstance(value, dict):
        return {k: without_filenames(v) for k, v in value.items() if k != "filename"}
    if isinstance(value, list):
        return [without_filenames(v) for v in value]
    return value


def test_a_course_survives_export_and_import_into_an_empty_site(instructor):
    make_course("basics")
    original = make_course(
        "full",
        instructors=(instructor.email,),
        prerequisites=["basics"],
        prerequisites_enforced=True,
        cover_image={"filename": "cover.png", "data": png_base64()},
    )
    lesson = Lesson.objects.filter(module__course=original).first()
    lesson.video_url = "https://youtu.be/dQw4w9WgXcQ"
    lesson.save()
    attachment = LessonAttachment(lesson=lesson, title="Checklist")
    attachment.file.save("checklist.pdf", ContentFile(b"%PDF-1.4 checklist"))
    document = json.loads(json.dumps(course_export(original)))  # through real JSON text

    Course.objects.filter(slug="full").delete()
    imported = course_import(document)

    # Identical, but for file names the storage may have made unique.
    assert without_filenames(course_export(imported)) == without_filenames(document)
    assert (
        imported.modules.count() == 2
        and Lesson.objects.filter(module__course=imported).count() == 4
    )


def test_import_reports_every_error_with_its_path_and_saves_nothing():
    document = course_document("x" * 3)
    document.update(title=42, language="klingon", effort_hours=0, prerequisites=["missing"])
    document["modules"][0]["lessons"][0].update(title="", minutes=-5, free_preview="perhaps")
    document["modules"][1]["lessons"][1]["attachments"] = [
        {"title": "Bad", "file": {"filename": "evil.exe", "data": base64.b64encode(b"MZ").decode()}}
    ]
    with pytest.raises(CourseImportError) as caught:
        course_import(document)
    paths = {error.split(":", 1)[0] for error in caught.value.errors}
    assert paths == {
        "title",
        "language",
        "effort_hours",
        "prerequisites",
        "modules[0].lessons[0].title",
        "modules[0].lessons[0].minutes",
        "modules[0].lessons[0].free_preview",
        "modules[1].lessons[1].attachments[0].file",
    }
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1, 2, 3], "document: Invalid data"),
        ({"format": "moodle"}, "format:"),
        (
            {**course_document("dup"), "cover_image": {"filename": "a.png", "data": "@@@"}},
            "cover_image.data",
        ),
        (
            {
                **course_document("dup"),
                "cover_image": {
                    "filename": "a.png",
                    "data": base64.b64encode(b"not an image").decode(),
                },
            },
            "cover_image: This file is not an image",
        ),
    ],
)
def test_import_refuses_malformed_documents_clearly(document, message):
    with pytest.raises(CourseImportError) as caught:
        course_import(document)
    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_importing_a_published_course_goes_through_the_publish_rule(tmp_path):
    empty = course_document("empty", title="Empty", modules=1, lessons=0, cover_image=None)
    with pytest.raises(CourseImportError) as caught:
        course_import(empty)
    assert caught.value.errors == [
        f"status: “{isolate('Empty')}” has no lessons yet; add at least one before publishing."
    ]
    assert not Course.objects.exists()
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(empty))
    with pytest.raises(CommandError, match=r"(?s)Nothing was imported.*has no lessons yet"):
        call_command("import_course", str(path))
    assert not Course.objects.exists()
    draft = course_import({**empty, "status": "draft"})
    assert draft.status == "draft" and draft.published_at is None


def test_an_imported_published_course_is_published_like_the_admin_action():
    course = course_import(course_document("ready"))
    assert course.is_published and course.published_at is not None
    archived = course_import(course_document("old", status="archived"))
    assert archived.status == "archived" and archived.published_at is None


def test_a_slug_already_on_the_site_is_refused(course):
    with pytest.raises(CourseImportError, match="already exists"):
        course_import(course_document(course.slug))


def test_the_commands_export_and_import(tmp_path, course):
    path = tmp_path / "course.json"
    call_command("export_course", course.slug, output=str(path))
    Course.objects.filter(pk=course.pk).delete()
    call_command("import_course", str(path))
    assert Course.objects.get(slug=course.slug).modules.count() == 2


def test_the_import_command_explains_failures(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("import_course", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_course", str(tmp_path / "missing.json"))
    path.write_text(json.dumps({"format": "crossborder-academy.course"}))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_course", str(path))
    with pytest.raises(CommandError, match="No course with slug"):
        call_command("export_course", "nope")


def test_the_demo_curriculum_loads_once_and_covers_the_talent_areas(django_user_model):
    call_command("demo_accounts", stdout=io.StringIO())
    call_command("demo_curriculum", stdout=io.StringIO())
    call_command("demo_curriculum", stdout=io.StringIO())  # idempotent
    published = Course.objects.published()
    assert published.count() >= 5
    for course in published:
        modules = list(course.modules.all())
        assert len(modules) >= 3 and all(m.lessons.count() >= 3 for m in modules), course.slug
    assert published.filter(
        language="es", language_version_of__slug="cross-border-foundations"
    ).exists()
    text = " ".join(Lesson.objects.values_list("body", flat=True))
    for topic in ["9610", "9710", "9810", "1210", "Single Window", "Incoterms", "RFQ", "forward"]:
        assert topic in text, topic
    framework = CompetencyFramework.objects.get(status="published")
    assert framework.competencies.filter(parent=None).count() == 11
    assert set(framework.competencies.filter(parent=None).values_list("code", flat=True)) == {
        "MR",
        "SC",
        "PL",
        "PO",
        "DM",
        "LW",
        "CC",
        "PF",
        "SF",
        "CS",
        "DA",
    }
    assert framework.roles.count() >= 2
    assert [(lv.rank, lv.name, lv.is_proficient) for lv in framework.levels.all()] == [
        (0, "Not yet", False),
        (1, "Foundation", False),
        (2, "Proficient", True),
        (3, "Advanced", False),
    ]
    assert all(course.competency_targets.exists() for course in published)
    instructor_courses = set(
        published.filter(instructors__email="instructor@example.com").values_list("slug", flat=True)
    )
    assert instructor_courses and instructor_courses != set(
        published.values_list("slug", flat=True)
    )
